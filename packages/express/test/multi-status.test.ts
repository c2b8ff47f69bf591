import { ErrorCodes } from '@multistatus/core';
import { multiStatus, sendMultiStatus } from '@multistatus/express';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';

const express4 = require('express4') as typeof import('express');
const express5 = require('express') as typeof import('express');

function asText(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
    });
    res.on('end', () => done(null, text));
  });
}

function errorHandler(err: { code?: string; status?: number }, _req: Request, res: Response, _next: NextFunction) {
  res.status(err.status ?? 500).json({ handledBy: 'app', code: err.code });
}

describe.each([
  ['Express 4', express4],
  ['Express 5', express5],
] as const)('@multistatus/express on %s', (_name, express) => {
  describe('multiStatus(options)', () => {
    it('returns a named middleware', () => {
      expect(multiStatus().name).toBe('multiStatusMiddleware');
    });

    it('adds res.multiStatus only to responses it has seen, not to express.response', async () => {
      const app = express();
      app.get('/before', (_req, res) => {
        res.json({ has: typeof (res as Partial<Response>).multiStatus });
      });
      app.use(multiStatus());
      app.get('/after', (_req, res) => {
        res.json({ has: typeof res.multiStatus });
      });
      expect((await request(app).get('/before')).body).toEqual({ has: 'undefined' });
      expect((await request(app).get('/after')).body).toEqual({ has: 'function' });
      expect('multiStatus' in express.response).toBe(false);
    });
  });

  describe('res.multiStatus(entries)', () => {
    it('settles when the response has finished', async () => {
      let finishedWhenSettled: boolean | undefined;
      const app = express();
      app.use(multiStatus());
      app.get('/', (_req, res, next) => {
        res
          .multiStatus([{ href: '/a', status: 200 }])
          .then(() => {
            finishedWhenSettled = res.writableFinished;
          })
          .catch(next);
      });
      expect((await request(app).get('/')).status).toBe(207);
      expect(finishedWhenSettled).toBe(true);
    });

    it('works in a mounted sub-app that has its own middleware, with hrefs the route chooses', async () => {
      const sub = express();
      sub.use(multiStatus({ format: 'json' }));
      sub.get('/list', (req, res, next) => {
        res.multiStatus([{ href: `${req.baseUrl}/a`, status: 200 }]).catch(next);
      });
      const app = express();
      app.use('/sub', sub);
      const res = await request(app).get('/sub/list');
      expect(res.status).toBe(207);
      expect(res.body.responses).toEqual([{ href: '/sub/a', status: 200 }]);
    });

    it('works in a sub-app mounted under an app that installed the middleware', async () => {
      const sub = express();
      sub.get('/list', (_req, res, next) => {
        res.multiStatus([{ href: '/a', status: 204 }], { format: 'json' }).catch(next);
      });
      const app = express();
      app.use(multiStatus());
      app.use('/sub', sub);
      const res = await request(app).get('/sub/list');
      expect(res.status).toBe(207);
      expect(res.body.summary).toEqual({ total: 1, succeeded: 1, failed: 0 });
    });

    it('works in a Router, with the router’s own defaults', async () => {
      const router = express.Router();
      router.use(multiStatus({ description: 'from the router' }));
      router.get('/r', (_req, res, next) => {
        res.multiStatus([{ href: '/a', status: 200 }], { format: 'json' }).catch(next);
      });
      const app = express();
      app.use('/api', router);
      const res = await request(app).get('/api/r');
      expect(res.body.description).toBe('from the router');
    });

    it('answers a HEAD with the headers of the GET and no body', async () => {
      const app = express();
      app.use(multiStatus());
      app.get('/', (_req, res, next) => {
        res.multiStatus([{ href: '/a', status: 200 }]).catch(next);
      });
      const res = await request(app).head('/');
      expect(res.status).toBe(207);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(res.text ?? '').toBe('');
    });

    it('rejects, for the error handler, when the response has already been sent', async () => {
      let seen: string | undefined;
      const app = express();
      app.use(multiStatus());
      app.get('/', (_req, res, next) => {
        res.status(200).send('already');
        res.multiStatus([{ href: '/a', status: 200 }]).catch((err: { code?: string }) => {
          seen = err.code;
          next();
        });
      });
      const res = await request(app).get('/');
      expect(res.text).toBe('already');
      expect(seen).toBe(ErrorCodes.HEADERS_SENT);
    });
  });

  describe('sendMultiStatus(res, entries, options)', () => {
    it('sends a 207 without the middleware', async () => {
      const app = express();
      app.get('/', (_req, res, next) => {
        sendMultiStatus(res, [{ href: '/a', status: 201 }], { description: 'created' }).catch(next);
      });
      const res = await asText(request(app).get('/'));
      expect(res.status).toBe(207);
      expect(res.body).toBe(
        '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">\n' +
          '<D:response><D:href>/a</D:href><D:status>HTTP/1.1 201 Created</D:status></D:response>\n' +
          '<D:responsedescription>created</D:responsedescription>\n</D:multistatus>\n',
      );
    });

    it('hands a validation error to the error handler with nothing written', async () => {
      const app = express();
      app.get('/', (_req, res, next) => {
        sendMultiStatus(res, [{ href: '/a', status: 100 }]).catch(next);
      });
      app.use(errorHandler);
      const res = await request(app).get('/');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ handledBy: 'app', code: ErrorCodes.INFORMATIONAL_STATUS });
    });
  });
});
