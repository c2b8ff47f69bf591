import type { IncomingMessage, ServerResponse } from 'node:http';
import type Koa from 'koa';
import {
  createDispatcher,
  type DispatcherOptions,
  type DispatchOutcome,
  type DispatchRequest,
  type RequestListener,
} from '../src/batch/dispatch-request';

const express4 = require('express4') as typeof import('express');
const express5 = require('express') as typeof import('express');
const Koa2 = require('koa2') as typeof Koa;
const Koa3 = require('koa') as typeof Koa;

/** What the app saw of each sub-request, recorded by its own routes. */
interface Seen {
  requests: IncomingMessage[];
  responses: ServerResponse[];
  closed: Promise<void>;
}

function seen(): Seen & { onClose: () => void } {
  let onClose = (): void => {};
  const closed = new Promise<void>((resolve) => {
    onClose = resolve;
  });
  return { requests: [], responses: [], closed, onClose };
}

type Build = (s: ReturnType<typeof seen>) => RequestListener;

const expressApp =
  (express: typeof import('express')): Build =>
  (s) => {
    const app = express();
    app.use((_req, res, next) => {
      res.set('x-middleware', 'ran');
      next();
    });
    app.get('/who', (req, res) => {
      s.requests.push(req);
      s.responses.push(res);
      res.json({ ip: req.ip, protocol: req.protocol, url: req.url });
    });
    app.get('/never', (req) => {
      req.on('close', s.onClose);
    });
    app.get('/big', (_req, res) => {
      res.type('text/plain').send('x'.repeat(5000));
    });
    return app as unknown as RequestListener;
  };

const koaApp =
  (KoaClass: typeof Koa): Build =>
  (s) => {
    const app = new KoaClass();
    app.use(async (ctx, next) => {
      ctx.set('x-middleware', 'ran');
      await next();
    });
    app.use(async (ctx) => {
      if (ctx.path === '/who') {
        s.requests.push(ctx.req);
        s.responses.push(ctx.res);
        ctx.body = { ip: ctx.ip, protocol: ctx.protocol, url: ctx.url };
      } else if (ctx.path === '/never') {
        ctx.req.on('close', s.onClose);
        await new Promise(() => {});
      } else if (ctx.path === '/big') {
        ctx.body = 'x'.repeat(5000);
      }
    });
    return app.callback();
  };

const frameworks: Array<[string, Build]> = [
  ['Express 4', expressApp(express4)],
  ['Express 5', expressApp(express5)],
  ['Koa 2', koaApp(Koa2)],
  ['Koa 3', koaApp(Koa3)],
];

const limits = { timeout: 5000, maxResponseBytes: 1024 * 1024 };

/** Dispatches one request on a dispatcher of its own, closed afterwards. */
async function dispatchOnce(
  listener: RequestListener,
  req: DispatchRequest,
  options: Partial<DispatcherOptions> = {},
): Promise<DispatchOutcome> {
  const dispatcher = createDispatcher(listener, { ...limits, ...options });
  try {
    return await dispatcher.dispatch(req);
  } finally {
    dispatcher.close();
  }
}

describe.each(frameworks)('createDispatcher(listener, options) on %s', (_name, build) => {
  describe('when sub-requests run at the same time', () => {
    it('gives each its own req and res, through the app middleware', async () => {
      const s = seen();
      const dispatcher = createDispatcher(build(s), limits);
      const outcomes = await Promise.all(
        ['/who?n=1', '/who?n=2', '/who?n=3'].map((path) => dispatcher.dispatch({ method: 'GET', path, headers: {} })),
      );
      dispatcher.close();
      expect(outcomes.map((o) => (o.kind === 'response' ? [o.status, o.headers['x-middleware']] : o.kind))).toEqual([
        [200, 'ran'],
        [200, 'ran'],
        [200, 'ran'],
      ]);
      expect(new Set(s.requests).size).toBe(3);
      expect(new Set(s.responses).size).toBe(3);
      expect(outcomes.map((o) => o.kind === 'response' && JSON.parse(o.body.toString()).url)).toEqual([
        '/who?n=1',
        '/who?n=2',
        '/who?n=3',
      ]);
    });
  });

  describe('when more sub-requests are sent than maxConnections', () => {
    it('reuses the in-memory connections one request after another (keep-alive)', async () => {
      const s = seen();
      const dispatcher = createDispatcher(build(s), { ...limits, maxConnections: 2 });
      const outcomes = await Promise.all(
        ['1', '2', '3', '4', '5'].map((n) => dispatcher.dispatch({ method: 'GET', path: `/who?n=${n}`, headers: {} })),
      );
      dispatcher.close();
      expect(outcomes.every((o) => o.kind === 'response' && o.status === 200)).toBe(true);
      expect(new Set(s.requests).size).toBe(5);
      expect(new Set(s.requests.map((req) => req.socket)).size).toBe(2);
    });
  });

  describe('when the outer client address and TLS are given', () => {
    it('reports them to the app as the client address and protocol', async () => {
      const outcome = await dispatchOnce(
        build(seen()),
        { method: 'GET', path: '/who', headers: {} },
        { remoteAddress: '203.0.113.9', encrypted: true },
      );
      expect(outcome.kind === 'response' && JSON.parse(outcome.body.toString())).toEqual({
        ip: '203.0.113.9',
        protocol: 'https',
        url: '/who',
      });
    });
  });

  describe('when the handler never answers', () => {
    it('gives up after the timeout and closes the sub-request, so the app sees the client go', async () => {
      const s = seen();
      const outcome = await dispatchOnce(build(s), { method: 'GET', path: '/never', headers: {} }, { timeout: 50 });
      expect(outcome).toEqual({ kind: 'timeout' });
      await s.closed;
    });
  });

  describe('when the response is larger than maxResponseBytes', () => {
    it('abandons it', async () => {
      const outcome = await dispatchOnce(
        build(seen()),
        { method: 'GET', path: '/big', headers: {} },
        { maxResponseBytes: 1000 },
      );
      expect(outcome).toEqual({ kind: 'too-large' });
    });
  });

  describe('when abort() is called', () => {
    it('abandons the running sub-requests', async () => {
      const s = seen();
      const dispatcher = createDispatcher(build(s), limits);
      const pending = dispatcher.dispatch({ method: 'GET', path: '/never', headers: {} });
      setImmediate(() => dispatcher.abort());
      expect(await pending).toEqual({ kind: 'aborted' });
      dispatcher.close();
      await s.closed;
    });
  });
});

describe('createDispatcher(listener, options) with a plain Node listener', () => {
  it('answers 500 when the listener throws synchronously, and keeps serving', async () => {
    const dispatcher = createDispatcher((req, res) => {
      if (req.url === '/throw') throw new Error('boom');
      res.end('fine');
    }, limits);
    const thrown = await dispatcher.dispatch({ method: 'GET', path: '/throw', headers: {} });
    const fine = await dispatcher.dispatch({ method: 'GET', path: '/ok', headers: {} });
    dispatcher.close();
    expect(thrown.kind === 'response' && thrown.status).toBe(500);
    expect(fine.kind === 'response' && fine.body.toString()).toBe('fine');
  });

  it('sends the body with its Content-Length', async () => {
    const outcome = await dispatchOnce(
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () =>
          res.end(`${req.method} ${req.headers['content-length']} ${Buffer.concat(chunks).toString()}`),
        );
      },
      { method: 'PUT', path: '/x', headers: {}, body: Buffer.from('héllo') },
    );
    expect(outcome.kind === 'response' && outcome.body.toString()).toBe('PUT 6 héllo');
  });
});
