import Router from '@koa/router';
import { ErrorCodes } from '@multistatus/core';
import { multiStatus, sendMultiStatus } from '@multistatus/koa';
import type Koa from 'koa';
import request from 'supertest';

const Koa2 = require('koa2') as typeof Koa;
const Koa3 = require('koa') as typeof Koa;

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

function withErrorHandler(app: Koa): Koa {
  app.silent = true;
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      ctx.status = (err as { status?: number }).status ?? 500;
      ctx.body = { handledBy: 'app', code: (err as { code?: string }).code };
    }
  });
  return app;
}

describe.each([
  ['Koa 2', Koa2],
  ['Koa 3', Koa3],
] as const)('@multistatus/koa on %s', (_name, KoaClass) => {
  describe('multiStatus(options)', () => {
    it('returns a named middleware', () => {
      expect(multiStatus().name).toBe('multiStatusMiddleware');
    });

    it('adds ctx.multiStatus and ctx.response.multiStatus to contexts it has seen, not to Koa’s prototypes', async () => {
      const app = new KoaClass();
      app.use(multiStatus());
      app.use((ctx) => {
        ctx.body = { ctx: typeof ctx.multiStatus, response: typeof ctx.response.multiStatus };
      });
      expect((await request(app.callback()).get('/')).body).toEqual({ ctx: 'function', response: 'function' });
      expect('multiStatus' in app.context).toBe(false);
      expect('multiStatus' in app.response).toBe(false);
    });
  });

  describe('ctx.response.multiStatus(entries)', () => {
    it('answers the same 207 as ctx.multiStatus', async () => {
      const app = new KoaClass();
      app.use(multiStatus({ format: 'json' }));
      app.use(async (ctx) => {
        await ctx.response.multiStatus([{ href: '/a', status: 423 }]);
      });
      const res = await request(app.callback()).get('/');
      expect(res.status).toBe(207);
      expect(res.body.responses).toEqual([
        { href: '/a', status: 423, problem: { type: 'about:blank', title: 'Locked', status: 423 } },
      ]);
    });
  });

  describe('ctx.multiStatus(entries) in an @koa/router route', () => {
    it('answers 207 with the route’s params in the hrefs', async () => {
      const app = new KoaClass();
      const router = new Router();
      router.post('/users/:id/roles', async (ctx) => {
        await ctx.multiStatus([{ href: `/users/${ctx.params.id}/roles/admin`, status: 201 }], { format: 'json' });
      });
      app.use(multiStatus());
      app.use(router.routes());
      const res = await request(app.callback()).post('/users/7/roles');
      expect(res.status).toBe(207);
      expect(res.body.responses).toEqual([{ href: '/users/7/roles/admin', status: 201 }]);
    });
  });

  describe('when upstream middleware sets Location after the route returned', () => {
    it('keeps it off the 207, yet lets an error response replacing the 207 keep its own', async () => {
      const app = new KoaClass();
      app.use(async (ctx, next) => {
        await next();
        ctx.set('Location', '/set-after-next');
        if (ctx.path === '/replaced') {
          ctx.status = 303;
        }
      });
      app.use(multiStatus());
      app.use(async (ctx) => {
        await ctx.multiStatus([{ href: '/a', status: 200 }]);
      });
      const kept = await request(app.callback()).get('/');
      expect(kept.status).toBe(207);
      expect(kept.headers.location).toBeUndefined();
      const replaced = await request(app.callback()).get('/replaced');
      expect(replaced.status).toBe(303);
      expect(replaced.headers.location).toBe('/set-after-next');
    });
  });

  describe('when the request is a HEAD', () => {
    it('sends the headers of the GET and no body', async () => {
      const app = new KoaClass();
      app.use(multiStatus());
      app.use(async (ctx) => {
        await ctx.multiStatus([{ href: '/a', status: 200 }]);
      });
      const res = await request(app.callback()).head('/');
      expect(res.status).toBe(207);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(res.text ?? '').toBe('');
    });
  });

  describe('sendMultiStatus(ctx, entries, options)', () => {
    it('sends a 207 without the middleware', async () => {
      const app = new KoaClass();
      app.use(async (ctx) => {
        await sendMultiStatus(ctx, [{ href: '/a', status: 201 }], { description: 'created' });
      });
      const res = await asText(request(app.callback()).get('/'));
      expect(res.status).toBe(207);
      expect(res.body).toBe(
        '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">\n' +
          '<D:response><D:href>/a</D:href><D:status>HTTP/1.1 201 Created</D:status></D:response>\n' +
          '<D:responsedescription>created</D:responsedescription>\n</D:multistatus>\n',
      );
    });

    it('throws a validation error into Koa’s error handling with nothing set', async () => {
      const app = withErrorHandler(new KoaClass());
      app.use(async (ctx) => {
        ctx.set('X-Before', 'kept');
        await sendMultiStatus(ctx, [{ href: '/a', status: 101 }]);
      });
      const res = await request(app.callback()).get('/').set('Prefer', 'return=minimal');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ handledBy: 'app', code: ErrorCodes.INFORMATIONAL_STATUS });
      expect(res.headers.vary).toBeUndefined();
      expect(res.headers['preference-applied']).toBeUndefined();
    });

    it('lets Koa’s default error handler answer when the app has none, without leaking the message', async () => {
      const app = new KoaClass();
      app.silent = true;
      app.use(async (ctx) => {
        await sendMultiStatus(ctx, [{ href: '/a', status: 302 }]);
      });
      const res = await request(app.callback()).get('/');
      expect(res.status).toBe(500);
      expect(res.text).toBe('Internal Server Error');
    });
  });
});
