import { once } from 'node:events';
import http, { type IncomingMessage, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from '@koa/router';
import { type BatchMiddlewareOptions, batch as expressBatch } from '@multistatus/express';
import { batch as koaBatch } from '@multistatus/koa';
import type { NextFunction, Request, Response } from 'express';
import type Koa from 'koa';
import { SaxesParser } from 'saxes';
import request from 'supertest';

const express4 = require('express4') as typeof import('express');
const express5 = require('express') as typeof import('express');
const Koa2 = require('koa2') as typeof Koa;
const Koa3 = require('koa') as typeof Koa;

/** What the app under test saw, so a test can prove what ran and what did not. */
interface AppState {
  ran: string[];
  inFlight: number;
  maxInFlight: number;
  /** Resolved by a test to let `/wait` answer. */
  release: () => void;
  released: Promise<void>;
  /** Resolves when the `/never` handler's request is closed (the batch gave up on it). */
  neverClosed: Promise<void>;
}

function createState(): AppState {
  let release = (): void => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let onClose = (): void => {};
  const neverClosed = new Promise<void>((resolve) => {
    onClose = resolve;
  });
  const state: AppState & { onNeverClose: () => void } = {
    ran: [],
    inFlight: 0,
    maxInFlight: 0,
    release,
    released,
    neverClosed,
    onNeverClose: onClose,
  };
  return state;
}

/**
 * Resolves once `count` requests are in flight together, or after 100 ms: a concurrency test then sees the
 * bound whatever the machine's speed, without a timing assertion.
 */
function meetPeers(state: AppState, count: number): Promise<void> {
  const started = Date.now();
  return new Promise((resolve) => {
    const check = (): void => {
      if (state.inFlight >= count || Date.now() - started > 100) resolve();
      else setTimeout(check, 1);
    };
    check();
  });
}

const users = new Map([['1', { id: '1', name: 'Ada' }]]);

/** One app of the matrix: its listener and its state. */
interface BatchApp {
  listener: RequestListener;
  state: AppState;
}

interface AppOptions {
  batch?: BatchMiddlewareOptions;
  /** Express: run express.json() before everything; Koa: a JSON body parser that sets ctx.request.body. */
  bodyParser?: boolean;
}

/**
 * The same small users API on every framework: an auth check, JSON routes, slow and silent routes, a route
 * that leaks its error message in its own 500 body, and `POST /batch` (plus `/batch-again`, a second batch
 * route, to show a batch cannot reach another batch endpoint).
 */
function createExpressApp(express: typeof import('express'), options: AppOptions): BatchApp {
  const state = createState() as AppState & { onNeverClose: () => void };
  const app = express();
  if (options.bodyParser) app.use(express.json());
  app.use((req: Request, res: Response, next: NextFunction) => {
    state.ran.push(`${req.method} ${req.path}`);
    if (req.headers.authorization !== undefined && req.headers.authorization !== 'Bearer good') {
      res.status(401).json({ error: 'bad token' });
      return;
    }
    next();
  });
  app.post('/batch', expressBatch(options.batch));
  app.post('/batch-again', expressBatch(options.batch));
  app.get('/users/:id', (req: Request, res: Response) => {
    const user = users.get(String(req.params.id));
    if (!user) {
      res.status(404).json({ error: 'no such user' });
      return;
    }
    res.set('ETag', `"u${user.id}"`).json(user);
  });
  app.post('/users', express.json(), (req: Request, res: Response) => {
    if (typeof req.body?.name !== 'string') {
      res.status(422).json({ error: 'name is required' });
      return;
    }
    res.status(201).location('/users/42').json({ id: '42', name: req.body.name });
  });
  app.get('/me', (req: Request, res: Response) => {
    if (!req.headers.authorization) res.status(401).json({ error: 'sign in' });
    else res.json({ me: 'ada' });
  });
  app.get('/headers', (req: Request, res: Response) => {
    res.set('Set-Cookie', 'sid=item').set('X-Internal', 'yes').json(req.headers);
  });
  app.get('/slow', (_req: Request, res: Response) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    meetPeers(state, 2).then(() => {
      state.inFlight--;
      res.json({ slow: true });
    });
  });
  app.get('/wait', (_req: Request, res: Response) => {
    state.released.then(() => res.json({ waited: true }));
  });
  app.get('/never', (req: Request) => {
    req.on('close', state.onNeverClose);
  });
  app.get('/big', (_req: Request, res: Response) => {
    res.type('text/plain').send('x'.repeat(5000));
  });
  app.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  // A careless error handler that shows its error message and stack: the batch must still not leak them.
  app.use((err: Error, _req: Request, res: Response, _next: NextFunction) => {
    res.status(500).json({ message: err.message, stack: err.stack });
  });
  return { listener: app, state };
}

function createKoaApp(KoaClass: typeof Koa, options: AppOptions): BatchApp {
  const state = createState() as AppState & { onNeverClose: () => void };
  const app = new KoaClass();
  app.on('error', () => {});
  // A careless error handler that shows its error message: the batch must still not leak it.
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      ctx.status = 500;
      ctx.body = { message: (err as Error).message, stack: (err as Error).stack };
    }
  });
  app.use(async (ctx, next) => {
    state.ran.push(`${ctx.method} ${ctx.path}`);
    if (ctx.headers.authorization !== undefined && ctx.headers.authorization !== 'Bearer good') {
      ctx.status = 401;
      ctx.body = { error: 'bad token' };
      return;
    }
    await next();
  });
  const readJson = async (req: IncomingMessage): Promise<unknown> => {
    let text = '';
    for await (const chunk of req) text += chunk;
    return text === '' ? undefined : JSON.parse(text);
  };
  if (options.bodyParser) {
    // What koa-bodyparser does: read JSON bodies into ctx.request.body.
    app.use(async (ctx, next) => {
      if (ctx.is('application/json')) (ctx.request as { body?: unknown }).body = await readJson(ctx.req);
      await next();
    });
  }
  const router = new Router();
  router.post('/batch', koaBatch(options.batch));
  router.post('/batch-again', koaBatch(options.batch));
  router.get('/users/:id', (ctx) => {
    const user = users.get(ctx.params.id!);
    if (!user) {
      ctx.status = 404;
      ctx.body = { error: 'no such user' };
      return;
    }
    ctx.set('ETag', `"u${user.id}"`);
    ctx.body = user;
  });
  router.post('/users', async (ctx) => {
    const body = ((ctx.request as { body?: unknown }).body ?? (await readJson(ctx.req))) as
      | { name?: unknown }
      | undefined;
    if (typeof body?.name !== 'string') {
      ctx.status = 422;
      ctx.body = { error: 'name is required' };
      return;
    }
    ctx.status = 201;
    ctx.set('Location', '/users/42');
    ctx.body = { id: '42', name: body.name };
  });
  router.get('/me', (ctx) => {
    if (!ctx.headers.authorization) {
      ctx.status = 401;
      ctx.body = { error: 'sign in' };
    } else ctx.body = { me: 'ada' };
  });
  router.get('/headers', (ctx) => {
    ctx.set('Set-Cookie', 'sid=item');
    ctx.set('X-Internal', 'yes');
    ctx.body = ctx.headers;
  });
  router.get('/slow', async (ctx) => {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    await meetPeers(state, 2);
    state.inFlight--;
    ctx.body = { slow: true };
  });
  router.get('/wait', async (ctx) => {
    await state.released;
    ctx.body = { waited: true };
  });
  router.get('/never', async (ctx) => {
    ctx.req.on('close', state.onNeverClose);
    await new Promise(() => {});
  });
  router.get('/big', (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = 'x'.repeat(5000);
  });
  router.get('/boom', () => {
    throw new Error('database password is hunter2');
  });
  app.use(router.routes());
  return { listener: app.callback(), state };
}

type Framework = [name: string, create: (options?: AppOptions) => BatchApp];

const frameworks: Framework[] = [
  ['Express 4', (options = {}) => createExpressApp(express4, options)],
  ['Express 5', (options = {}) => createExpressApp(express5, options)],
  ['Koa 2', (options = {}) => createKoaApp(Koa2, options)],
  ['Koa 3', (options = {}) => createKoaApp(Koa3, options)],
];

interface JsonEntry {
  href: string;
  id?: string;
  status: number;
  location?: string;
  body?: unknown;
  description?: string;
  headers?: Record<string, string>;
}

const get = (id: string, url: string, extra: Record<string, unknown> = {}) => ({ id, method: 'GET', url, ...extra });

function postBatch(app: BatchApp, body: unknown, path = '/batch') {
  return request(app.listener).post(path).set('Content-Type', 'application/json').send(JSON.stringify(body));
}

function expectProblem(res: request.Response, status: number, detail: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const problem = JSON.parse(res.text);
  expect(problem.status).toBe(status);
  expect(problem.type).toBe('about:blank');
  expect(problem.detail).toContain(detail);
}

/** Starts a plain server on loopback that counts the requests it gets. */
async function startCountingServer(): Promise<{ port: number; count: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = http.createServer((_req, res) => {
    count++;
    res.end('reached');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    count: () => count,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

describe.each(frameworks)('batch() on %s', (_name, createApp) => {
  describe('when every request is valid', () => {
    it('answers 207 with one entry per request, in request order, with statuses, ids and bodies', async () => {
      const app = createApp();
      const res = await postBatch(app, {
        requests: [get('a', '/slow'), get('b', '/users/1'), get('c', '/users/9'), get('d', '/me')],
      });
      expect(res.status).toBe(207);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const entries = res.body.responses as JsonEntry[];
      expect(entries.map((e) => [e.id, e.href, e.status])).toEqual([
        ['a', '/slow', 200],
        ['b', '/users/1', 200],
        ['c', '/users/9', 404],
        ['d', '/me', 401],
      ]);
      expect(entries[1]!.body).toEqual({ id: '1', name: 'Ada' });
      expect(entries[2]!.body).toEqual({ error: 'no such user' });
      expect(res.body.summary).toEqual({ total: 4, succeeded: 2, failed: 2 });
    });

    it('gives a created item its Location, and sends no Location header on the 207 (RFC 4918 §13.1)', async () => {
      const app = createApp();
      const res = await postBatch(app, {
        requests: [{ id: 'new', method: 'POST', url: '/users', body: { name: 'Grace' } }],
      });
      expect(res.status).toBe(207);
      expect(res.headers.location).toBeUndefined();
      expect(res.body.responses[0]).toMatchObject({
        id: 'new',
        status: 201,
        location: '/users/42',
        body: { id: '42', name: 'Grace' },
      });
    });

    it('answers XML when Accept asks for it', async () => {
      const app = createApp();
      const res = await postBatch(app, { requests: [get('b', '/users/1'), get('c', '/users/9')] }).set(
        'Accept',
        'application/xml',
      );
      expect(res.status).toBe(207);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      const found: Array<[string, string]> = [];
      const parser = new SaxesParser({ xmlns: true });
      let text = '';
      parser.on('text', (t) => {
        text += t;
      });
      parser.on('opentag', () => {
        text = '';
      });
      parser.on('closetag', (tag) => {
        if (tag.local === 'status' || tag.local === 'id' || tag.local === 'body')
          found.push([`{${tag.uri}}${tag.local}`, text]);
      });
      parser.write(res.text).close();
      expect(found).toEqual([
        ['{DAV:}status', 'HTTP/1.1 200 OK'],
        ['{urn:multistatus:ext}id', 'b'],
        ['{urn:multistatus:ext}body', '{"id":"1","name":"Ada"}'],
        ['{DAV:}status', 'HTTP/1.1 404 Not Found'],
        ['{urn:multistatus:ext}id', 'c'],
        ['{urn:multistatus:ext}body', '{"error":"no such user"}'],
      ]);
    });
  });

  describe('whether or not a body parser ran first', () => {
    it.each([false, true])('reads the batch (body parser: %s)', async (bodyParser) => {
      const app = createApp({ bodyParser });
      const res = await postBatch(app, {
        requests: [{ id: '1', method: 'POST', url: '/users', body: { name: 'Lin' } }],
      });
      expect(res.status).toBe(207);
      expect(res.body.responses[0]).toMatchObject({ status: 201, body: { name: 'Lin' } });
    });
  });

  describe('limits', () => {
    it('answers 413 before anything runs when there are more than maxRequests requests', async () => {
      const app = createApp({ batch: { maxRequests: 2 } });
      const res = await postBatch(app, {
        requests: [get('1', '/users/1'), get('2', '/users/1'), get('3', '/users/1')],
      });
      expectProblem(res, 413, 'The batch has 3 requests; at most 2 are accepted.');
      expect(app.state.ran).toEqual(['POST /batch']);
    });

    it('answers 413 when the body is larger than maxBytes', async () => {
      const app = createApp({ batch: { maxBytes: 100 } });
      const res = await postBatch(app, { requests: [get('1', `/users/1?pad=${'p'.repeat(200)}`)] });
      expectProblem(res, 413, 'at most 100 are accepted');
      expect(app.state.ran).toEqual(['POST /batch']);
    });

    it('never runs more than `concurrency` requests at once', async () => {
      const app = createApp({ batch: { concurrency: 2 } });
      const res = await postBatch(app, { requests: ['1', '2', '3', '4', '5'].map((id) => get(id, '/slow')) });
      expect(res.body.responses.map((e: JsonEntry) => e.status)).toEqual([200, 200, 200, 200, 200]);
      expect(app.state.maxInFlight).toBe(2);
    });

    it('answers 504 for a request whose handler never answers, and the handler sees its request close', async () => {
      const app = createApp({ batch: { itemTimeout: 50 } });
      const res = await postBatch(app, { requests: [get('1', '/never'), get('2', '/users/1')] });
      expect(res.body.responses.map((e: JsonEntry) => [e.status, e.description])).toEqual([
        [504, 'The request was not answered within 50 ms.'],
        [200, undefined],
      ]);
      await app.state.neverClosed;
    });

    it('answers 504 for what is running or waiting when the deadline passes, without running the rest', async () => {
      const app = createApp({ batch: { deadline: 60, concurrency: 1 } });
      const res = await postBatch(app, { requests: [get('1', '/never'), get('2', '/users/1')] });
      expect(res.body.responses.map((e: JsonEntry) => e.status)).toEqual([504, 504]);
      expect(app.state.ran).toEqual(['POST /batch', 'GET /never']);
    });

    it('answers 502 for an item response larger than maxItemResponseBytes', async () => {
      const app = createApp({ batch: { maxItemResponseBytes: 1000 } });
      const res = await postBatch(app, { requests: [get('1', '/big'), get('2', '/users/1')] });
      expect(res.body.responses.map((e: JsonEntry) => [e.status, e.description])).toEqual([
        [502, 'The response body was larger than 1000 bytes.'],
        [200, undefined],
      ]);
    });
  });

  describe('refusals', () => {
    it.each([
      ['an absolute URL', 'http://127.0.0.1:1/users/1', 'is not a path starting with "/"'],
      ['a network-path reference', '//127.0.0.1:1/users/1', 'starts with "//"'],
      ['a backslash host', '/\\127.0.0.1/users/1', 'starts with "//" or "/\\"'],
      ['an "@"', '/users/1@127.0.0.1', 'holds "@"'],
      ['a control character', '/users/1\r\nHost: evil', 'holds a control character or space'],
    ])('answers 400 for %s, naming the item, before anything runs', async (_what, url, why) => {
      const app = createApp();
      const res = await postBatch(app, { requests: [get('ok', '/users/1'), get('bad', url)] });
      expectProblem(res, 400, `requests[1].url ${JSON.stringify(url)} is refused: it ${why}`);
      expect(JSON.parse(res.text).code).toBe('ERR_MULTISTATUS_BATCH_URL_REFUSED');
      expect(app.state.ran).toEqual(['POST /batch']);
    });

    it('answers 400 for a batch that targets the batch endpoint itself', async () => {
      const app = createApp();
      const res = await postBatch(app, {
        requests: [{ id: '1', method: 'POST', url: '/batch', body: { requests: [] } }],
      });
      expectProblem(res, 400, 'is this batch endpoint; a batch cannot be sent inside a batch');
    });

    it('answers 400 inside the item when it reaches another batch endpoint, which runs nothing', async () => {
      const app = createApp();
      const inner = { requests: [get('x', '/users/1')] };
      const res = await postBatch(app, { requests: [{ id: '1', method: 'POST', url: '/batch-again', body: inner }] });
      expect(res.status).toBe(207);
      expect(res.body.responses[0]).toMatchObject({
        status: 400,
        body: { code: 'ERR_MULTISTATUS_BATCH_NESTED', detail: 'A batch cannot be sent inside a batch.' },
      });
      expect(app.state.ran).toEqual(['POST /batch', 'POST /batch-again']);
    });

    it.each([
      [[get('a', '/users/1', { dependsOn: ['b'] }), get('b', '/users/1')], 'which comes later (requests[1])'],
      [
        [get('a', '/users/1', { dependsOn: ['b'] }), get('b', '/users/1', { dependsOn: ['a'] })],
        'dependsOn forms a cycle: "a" -> "b" -> "a".',
      ],
      [[get('a', '/users/1'), get('a', '/me')], 'Duplicate request id "a" (requests[0] and requests[1])'],
      [[get('a', '/users/1', { dependsOn: ['zz'] })], 'depends on "zz", which is not a request id in this batch'],
    ])('answers 400 for a bad dependency plan (%#), saying what is wrong', async (requests, detail) => {
      const app = createApp();
      const res = await postBatch(app, { requests });
      expectProblem(res, 400, detail);
      expect(app.state.ran).toEqual(['POST /batch']);
    });

    it.each([
      ['a body that is not JSON', '{"requests": [', 'application/json', 400, 'The batch body is not valid JSON'],
      [
        'a body without requests',
        '{"calls": []}',
        'application/json',
        400,
        'A batch is a JSON object with a "requests" array',
      ],
      [
        'an item without a method',
        '{"requests":[{"id":"1","url":"/users/1"}]}',
        'application/json',
        400,
        'requests[0].method must be an HTTP method',
      ],
      [
        'a form post',
        'requests=1',
        'application/x-www-form-urlencoded',
        415,
        'must be sent as Content-Type: application/json',
      ],
    ])('answers %s with an RFC 9457 problem', async (_what, text, type, status, detail) => {
      const app = createApp();
      const res = await request(app.listener).post('/batch').set('Content-Type', type).send(text);
      expectProblem(res, status, detail);
      expect(app.state.ran).toEqual(['POST /batch']);
    });
  });

  describe('dependsOn', () => {
    it('answers 424 to dependants of a failed request without running them', async () => {
      const app = createApp();
      const res = await postBatch(app, {
        requests: [
          get('a', '/users/9'),
          { id: 'b', method: 'POST', url: '/users', body: { name: 'X' }, dependsOn: ['a'] },
          get('c', '/me', { dependsOn: ['b'] }),
          get('d', '/users/1'),
        ],
      });
      expect(res.body.responses.map((e: JsonEntry) => [e.id, e.status])).toEqual([
        ['a', 404],
        ['b', 424],
        ['c', 424],
        ['d', 200],
      ]);
      expect(app.state.ran).toEqual(['POST /batch', 'GET /users/9', 'GET /users/1']);
    });
  });

  describe('headers', () => {
    it('passes authorization and cookie, strips X-Forwarded-*, forces identity encoding, and keeps Set-Cookie out', async () => {
      const app = createApp();
      const res = await postBatch(app, { requests: [get('1', '/headers'), get('2', '/me')] })
        .set('Authorization', 'Bearer good')
        .set('Cookie', 'sid=outer')
        .set('X-Forwarded-For', '198.51.100.7')
        .set('X-Custom', 'outer')
        .set('Accept-Encoding', 'gzip');
      const [seen, me] = res.body.responses as JsonEntry[];
      expect(seen!.body).toMatchObject({
        authorization: 'Bearer good',
        cookie: 'sid=outer',
        'accept-encoding': 'identity',
      });
      expect(seen!.body).not.toHaveProperty('x-forwarded-for');
      expect(seen!.body).not.toHaveProperty('x-custom');
      expect(me).toMatchObject({ status: 200, body: { me: 'ada' } });
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.text).not.toContain('sid=item');
    });

    it('passes no credentials when credentials is [], so the app sees an anonymous request', async () => {
      const app = createApp({ batch: { credentials: [] } });
      const res = await postBatch(app, { requests: [get('1', '/me')] }).set('Authorization', 'Bearer good');
      expect(res.body.responses[0]).toMatchObject({ status: 401, body: { error: 'sign in' } });
    });

    it('runs each item through the app middleware: a bad token in one item fails that item only', async () => {
      const app = createApp();
      const res = await postBatch(app, {
        requests: [get('1', '/users/1', { headers: { Authorization: 'Bearer stolen' } }), get('2', '/users/1')],
      });
      expect(res.body.responses.map((e: JsonEntry) => e.status)).toEqual([401, 200]);
    });
  });

  describe('when an item fails with a 5xx', () => {
    it('answers the status without the error message or stack the app put in its body', async () => {
      const app = createApp();
      const res = await postBatch(app, { requests: [get('1', '/boom')] }).set('Accept', 'application/json');
      expect(res.body.responses[0]).toMatchObject({ id: '1', status: 500 });
      expect(res.body.responses[0].body).toBeUndefined();
      expect(res.text).not.toContain('hunter2');
      const xml = await postBatch(app, { requests: [get('1', '/boom')] }).set('Accept', 'application/xml');
      expect(xml.text).toContain('HTTP/1.1 500 Internal Server Error');
      expect(xml.text).not.toContain('hunter2');
    });
  });

  describe('safety', () => {
    it('never reaches another server listening on loopback, whatever the batch says', async () => {
      const target = await startCountingServer();
      try {
        const app = createApp();
        const host = `127.0.0.1:${target.port}`;
        const attempts = [`http://${host}/`, `//${host}/`, `/\\${host}/`, `/x@${host}/`, `http:${host}/`];
        for (const url of attempts) {
          const res = await postBatch(app, { requests: [get('1', url)] });
          expect(res.status).toBe(400);
        }
        // An accepted item with the outer Host pointing at the other server is still dispatched in-process.
        const res = await postBatch(app, { requests: [get('1', '/users/1')] }).set('Host', host);
        expect(res.body.responses[0]).toMatchObject({ status: 200, body: { name: 'Ada' } });
        expect(target.count()).toBe(0);
      } finally {
        await target.close();
      }
    });

    it('serves real traffic on the same app while a batch is running', async () => {
      const app = createApp();
      const server = http.createServer(app.listener);
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        const events: string[] = [];
        const pending = request(base)
          .post('/batch')
          .set('Content-Type', 'application/json')
          .send(JSON.stringify({ requests: [get('1', '/wait'), get('2', '/users/1')] }))
          .then((res) => {
            events.push('batch answered');
            return res;
          });
        // The batch is parked on /wait until the test releases it.
        while (!app.state.ran.includes('GET /wait')) await new Promise((resolve) => setImmediate(resolve));
        const real = await request(base).get('/users/1');
        events.push('real request answered');
        expect(real.status).toBe(200);
        expect(real.headers.etag).toBe('"u1"');
        expect(real.body).toEqual({ id: '1', name: 'Ada' });
        app.state.release();
        const res = await pending;
        expect(events).toEqual(['real request answered', 'batch answered']);
        expect(res.body.responses.map((e: JsonEntry) => e.status)).toEqual([200, 200]);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  });
});

describe.each([
  ['Express 4', express4],
  ['Express 5', express5],
])('batch(options) on %s only', (_name, express) => {
  describe('when the batch route is in a mounted sub-app', () => {
    it('dispatches item urls through the outermost app, so they are the paths clients use', async () => {
      const api = express();
      api.post('/batch', expressBatch());
      api.get('/users/:id', (req: Request, res: Response) => {
        res.json({ id: req.params.id, mountedAt: req.baseUrl });
      });
      const app = express();
      app.get('/health', (_req: Request, res: Response) => {
        res.json({ ok: true });
      });
      app.use('/api', api);
      const res = await request(app)
        .post('/api/batch')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ requests: [get('1', '/api/users/7'), get('2', '/health'), get('3', '/api/batch/')] }));
      expectProblem(res, 400, 'requests[2].url "/api/batch/" is this batch endpoint');
      const ok = await request(app)
        .post('/api/batch')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ requests: [get('1', '/api/users/7'), get('2', '/health')] }));
      expect(ok.body.responses.map((e: JsonEntry) => [e.status, e.body])).toEqual([
        [200, { id: '7', mountedAt: '/api' }],
        [200, { ok: true }],
      ]);
    });
  });

  describe('when options are wrong', () => {
    it('throws when the middleware is created, naming the option', () => {
      expect(() => expressBatch({ concurrency: 0 })).toThrow(
        'Invalid batch option concurrency: 0. Expected a positive integer.',
      );
    });
  });
});
