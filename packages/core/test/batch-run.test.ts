import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BatchEntry, RunBatchOptions } from '@multistatus/core';
import { ErrorCodes, MultiStatusError, resolveBatchOptions, runBatch } from '@multistatus/core';
import { markSubRequest } from '../src/batch/internal/sub-request';

/** A small app as a plain Node listener, recording what it ran. */
function createApp() {
  const ran: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const respond = (req: IncomingMessage, res: ServerResponse): unknown => {
    const url = new URL(req.url ?? '/', 'http://in-process');
    ran.push(`${req.method} ${url.pathname}`);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    switch (url.pathname) {
      case '/users/1':
        return json(200, { id: 1, name: 'Ada' }, { etag: '"v1"', 'set-cookie': 'sid=1', 'x-internal': 'yes' });
      case '/users':
        return json(201, { id: 2 }, { location: '/users/2' });
      case '/missing':
        return json(404, { message: 'no such user' });
      case '/slow': {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(
          () => {
            inFlight--;
            json(200, { waited: Number(url.searchParams.get('ms')) });
          },
          Number(url.searchParams.get('ms')),
        );
        return;
      }
      case '/gate': {
        // Held until a second request is in flight (or 200 ms pass), so the bound is seen on any machine.
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const started = Date.now();
        const check = (): void => {
          if (inFlight >= 2 || Date.now() - started > 200) {
            inFlight--;
            json(200, { gate: true });
          } else setTimeout(check, 1);
        };
        check();
        return;
      }
      case '/never':
        return;
      case '/boom':
        res.writeHead(500, { 'content-type': 'text/plain', 'retry-after': '5' });
        return res.end('Error: password=hunter2\n    at secret.js:1:1');
      case '/headers':
        return json(200, req.headers);
      case '/text':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        return res.end('plain words');
      case '/binary':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(Buffer.from([0xff, 0x00, 0xfe]));
      case '/bad-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{not json');
      case '/moved':
        res.writeHead(301, { location: '/users/1' });
        return res.end();
      case '/moved-nowhere':
        res.writeHead(302);
        return res.end();
      case '/empty':
        res.writeHead(204);
        return res.end();
      case '/big':
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('x'.repeat(5000));
      default:
        return json(404, {});
    }
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    respond(req, res);
  };
  return { listener, ran, maxInFlight: () => maxInFlight };
}

const get = (id: string, url: string, extra: Record<string, unknown> = {}) => ({ id, method: 'GET', url, ...extra });

async function run(requests: unknown[], options: RunBatchOptions = {}) {
  const app = createApp();
  const entries = await runBatch(app.listener, { requests }, options);
  return { entries, app };
}

function byId(entries: BatchEntry[]): Record<string, BatchEntry> {
  return Object.fromEntries(entries.map((e) => [e.id, e]));
}

describe('runBatch(listener, body, options)', () => {
  describe('when items finish out of order', () => {
    it('returns one entry per request in request order', async () => {
      const { entries } = await run([get('a', '/slow?ms=40'), get('b', '/slow?ms=1'), get('c', '/users/1')]);
      expect(entries.map((e) => [e.id, e.href, e.status])).toEqual([
        ['a', '/slow?ms=40', 200],
        ['b', '/slow?ms=1', 200],
        ['c', '/users/1', 200],
      ]);
      expect(entries[0]!.body).toEqual({ waited: 40 });
    });
  });

  describe('when there are more items than the concurrency bound', () => {
    it('never runs more than `concurrency` at once', async () => {
      const requests = ['1', '2', '3', '4', '5', '6'].map((id) => get(id, '/gate'));
      const { entries, app } = await run(requests, { concurrency: 2 });
      expect(entries.every((e) => e.status === 200)).toBe(true);
      expect(app.maxInFlight()).toBe(2);
    });
  });

  describe('when an item is created', () => {
    it('carries the status, the body and the Location header as `location`', async () => {
      const { entries } = await run([{ id: 'new', method: 'POST', url: '/users', body: { name: 'Grace' } }]);
      expect(entries[0]).toEqual({
        href: '/users',
        id: 'new',
        status: 201,
        location: '/users/2',
        body: { id: 2 },
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
    });
  });

  describe('item response headers', () => {
    it('keeps the allow-listed ones and drops Set-Cookie and the rest', async () => {
      const { entries } = await run([get('1', '/users/1')]);
      expect(entries[0]!.headers).toEqual({ 'content-type': 'application/json; charset=utf-8', etag: '"v1"' });
    });
    it('keeps the ones named in responseHeaders', async () => {
      const { entries } = await run([get('1', '/users/1')], { responseHeaders: ['x-internal'] });
      expect(entries[0]!.headers).toEqual({ 'x-internal': 'yes' });
    });
  });

  describe('item bodies', () => {
    it('are parsed JSON, text, base64url for binary, the text of mislabelled JSON, and absent when empty', async () => {
      const { entries } = await run([
        get('json', '/users/1'),
        get('text', '/text'),
        get('binary', '/binary'),
        get('bad', '/bad-json'),
        get('empty', '/empty'),
        { id: 'head', method: 'HEAD', url: '/users/1' },
      ]);
      const e = byId(entries);
      expect(e.json!.body).toEqual({ id: 1, name: 'Ada' });
      expect(e.text!.body).toBe('plain words');
      expect(e.binary!.body).toBe('_wD-');
      expect(e.bad!.body).toBe('{not json');
      expect(e.empty).toEqual({ href: '/empty', id: 'empty', status: 204 });
      expect('body' in e.head!).toBe(false);
    });
  });

  describe('when an item fails with a 5xx', () => {
    it('drops its body and body headers, so no error message leaks, but keeps Retry-After', async () => {
      const { entries } = await run([get('1', '/boom')]);
      expect(entries[0]).toEqual({ href: '/boom', id: '1', status: 500, headers: { 'retry-after': '5' } });
      expect(JSON.stringify(entries)).not.toContain('hunter2');
    });
  });

  describe('redirects', () => {
    it('carry their Location; one without Location becomes a 502 (RFC 4918 §13.2 needs it)', async () => {
      const { entries } = await run([get('1', '/moved'), get('2', '/moved-nowhere')]);
      expect(entries[0]).toMatchObject({ status: 301, location: '/users/1' });
      expect(entries[1]).toEqual({
        href: '/moved-nowhere',
        id: '2',
        status: 502,
        description: 'The request was answered 302 without a Location header.',
      });
    });
  });

  describe('dependsOn', () => {
    it('runs a dependant only after what it depends on has finished', async () => {
      const { app } = await run([get('a', '/slow?ms=30'), get('b', '/users/1', { dependsOn: ['a'] })]);
      expect(app.ran).toEqual(['GET /slow', 'GET /users/1']);
    });
    it('answers 424 to dependants of a failed item, transitively, without running them', async () => {
      const { entries, app } = await run([
        get('a', '/missing'),
        get('b', '/users/1', { dependsOn: ['a'] }),
        get('c', '/text', { dependsOn: ['b'] }),
        get('d', '/users/1'),
      ]);
      expect(entries.map((e) => [e.id, e.status])).toEqual([
        ['a', 404],
        ['b', 424],
        ['c', 424],
        ['d', 200],
      ]);
      expect(entries[1]!.description).toBe('Not run: it depends on request "a", which failed (404).');
      expect(app.ran).toEqual(['GET /missing', 'GET /users/1']);
    });
  });

  describe('when an item does not answer within itemTimeout', () => {
    it('answers it 504 and still answers the others', async () => {
      const { entries } = await run([get('1', '/never'), get('2', '/users/1')], { itemTimeout: 50 });
      expect(entries.map((e) => e.status)).toEqual([504, 200]);
      expect(entries[0]!.description).toBe('The request was not answered within 50 ms.');
    });
  });

  describe('when the batch deadline passes', () => {
    it('answers running and waiting items 504, and never starts the waiting ones', async () => {
      const { entries, app } = await run([get('1', '/never'), get('2', '/users/1')], { deadline: 50, concurrency: 1 });
      expect(entries.map((e) => [e.status, e.description])).toEqual([
        [504, 'The batch deadline of 50 ms passed before the request was answered.'],
        [504, 'The batch deadline of 50 ms passed before the request ran.'],
      ]);
      expect(app.ran).toEqual(['GET /never']);
    });
  });

  describe('when an item response is larger than maxItemResponseBytes', () => {
    it('answers it 502', async () => {
      const { entries } = await run([get('1', '/big'), get('2', '/text')], { maxItemResponseBytes: 1000 });
      expect(entries.map((e) => e.status)).toEqual([502, 200]);
      expect(entries[0]!.description).toBe('The response body was larger than 1000 bytes.');
    });
  });

  describe('headers passed to items', () => {
    const outer = {
      host: 'api.example.com',
      authorization: 'Bearer t',
      cookie: 'sid=1',
      'accept-language': 'fr',
      'accept-encoding': 'gzip',
      'x-forwarded-for': '198.51.100.1',
      'x-custom': 'outer',
    };
    const request = { headers: outer } as unknown as IncomingMessage;

    it('pass the allowlist and credentials, strip X-Forwarded-*, and force accept-encoding: identity', async () => {
      const { entries } = await run([get('1', '/headers', { headers: { 'X-Item': 'mine' } })], {
        context: { request },
      });
      const seen = entries[0]!.body as Record<string, string>;
      expect(seen).toMatchObject({
        host: 'api.example.com',
        authorization: 'Bearer t',
        cookie: 'sid=1',
        'accept-language': 'fr',
        'accept-encoding': 'identity',
        'x-item': 'mine',
      });
      expect(seen['x-forwarded-for']).toBeUndefined();
      expect(seen['x-custom']).toBeUndefined();
    });
    it('pass no credentials when credentials is []', async () => {
      const { entries } = await run([get('1', '/headers')], { context: { request }, credentials: [] });
      const seen = entries[0]!.body as Record<string, string>;
      expect(seen.authorization).toBeUndefined();
      expect(seen.cookie).toBeUndefined();
    });
    it('let an item set its own credentials and forward extra headers named in forwardHeaders', async () => {
      const { entries } = await run([get('1', '/headers', { headers: { Authorization: 'Bearer item' } })], {
        context: { request },
        forwardHeaders: ['x-custom'],
      });
      const seen = entries[0]!.body as Record<string, string>;
      expect(seen.authorization).toBe('Bearer item');
      expect(seen['x-custom']).toBe('outer');
      expect(seen['accept-language']).toBeUndefined();
    });
  });

  describe('nested batches', () => {
    it('are refused when an item targets the batch endpoint itself', async () => {
      const request = { headers: {} } as IncomingMessage;
      await expect(
        run([get('1', '/users/1'), { id: '2', method: 'POST', url: '/Batch/?x=1' }], {
          context: { request, path: '/batch' },
        }),
      ).rejects.toMatchObject({ status: 400, code: ErrorCodes.BATCH_NESTED });
    });
    it('are refused when the outer request is itself a sub-request', async () => {
      const request = { headers: {} } as IncomingMessage;
      markSubRequest(request);
      await expect(run([get('1', '/users/1')], { context: { request } })).rejects.toMatchObject({
        status: 400,
        code: ErrorCodes.BATCH_NESTED,
        message: 'A batch cannot be sent inside a batch.',
      });
    });
  });

  describe('when the batch is refused', () => {
    it('runs nothing', async () => {
      const app = createApp();
      await expect(
        runBatch(app.listener, { requests: [get('1', '/users/1'), get('1', '/text')] }),
      ).rejects.toBeInstanceOf(MultiStatusError);
      await expect(
        runBatch(app.listener, { requests: [get('1', '/users/1'), get('2', 'http://x/')] }),
      ).rejects.toMatchObject({
        code: ErrorCodes.BATCH_URL_REFUSED,
      });
      expect(app.ran).toEqual([]);
    });
  });

  describe('when the outer signal aborts (the client went away)', () => {
    it('abandons the batch', async () => {
      const controller = new AbortController();
      const request = { headers: {} } as IncomingMessage;
      const pending = run([get('1', '/never'), get('2', '/users/1')], {
        concurrency: 1,
        context: { request, signal: controller.signal },
      });
      setImmediate(() => controller.abort());
      const { entries, app } = await pending;
      expect(entries.map((e) => e.status)).toEqual([504, 504]);
      expect(app.ran).toEqual(['GET /never']);
    });
  });
});

describe('resolveBatchOptions(options)', () => {
  it('applies the documented defaults', () => {
    const r = resolveBatchOptions();
    expect([r.maxRequests, r.maxBytes, r.concurrency, r.itemTimeout, r.deadline, r.maxItemResponseBytes]).toEqual([
      20, 1048576, 5, 10000, 30000, 1048576,
    ]);
    expect(r.credentials).toEqual(['authorization', 'cookie']);
    expect(r.forwardHeaders).toEqual(['accept-language', 'user-agent']);
  });
  it.each([
    [{ concurrency: 0 }, 'Invalid batch option concurrency: 0. Expected a positive integer.'],
    [{ itemTimeout: 1.5 }, 'Invalid batch option itemTimeout: 1.5. Expected a positive integer.'],
    [
      { methods: ['GET', 'TRACE'] },
      'Invalid batch option methods: ["GET","TRACE"]. TRACE cannot be allowed in a batch.',
    ],
    [
      { forwardHeaders: ['authorization'] },
      'Invalid batch option forwardHeaders: ["authorization"]. Pass authorization with the `credentials` option.',
    ],
    [{ forwardHeaders: ['x-forwarded-for'] }, 'x-forwarded-for is never forwarded'],
    [{ credentials: ['session'] }, "Expected an array of 'authorization' and/or 'cookie'."],
    [{ responseHeaders: ['Set-Cookie'] }, 'set-cookie is never carried from an item'],
  ])('refuses %j', (options, message) => {
    expect(() => resolveBatchOptions(options as never)).toThrow(message);
    try {
      resolveBatchOptions(options as never);
    } catch (err) {
      expect((err as MultiStatusError).code).toBe(ErrorCodes.INVALID_OPTION);
    }
  });
});
