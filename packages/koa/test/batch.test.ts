import { Router } from '@koa/router';
import { batch } from '@multistatus/koa';
import type Koa from 'koa';
import request from 'supertest';

const Koa2 = require('koa2') as typeof Koa;
const Koa3 = require('koa') as typeof Koa;

function postBatch(app: Koa, path: string, requests: unknown[]) {
  return request(app.callback()).post(path).set('Content-Type', 'application/json').send(JSON.stringify({ requests }));
}

describe.each([
  ['Koa 2', Koa2],
  ['Koa 3', Koa3],
])('batch(options) on %s', (_name, KoaClass) => {
  describe('when mounted without a router, with `path`', () => {
    function createApp(): Koa {
      const app = new KoaClass();
      app.use(batch({ path: '/batch' }));
      app.use(async (ctx) => {
        ctx.body = { method: ctx.method, path: ctx.path };
      });
      return app;
    }

    it('answers POST requests to that path with a 207', async () => {
      const res = await postBatch(createApp(), '/batch', [{ id: '1', method: 'DELETE', url: '/things/1' }]);
      expect(res.status).toBe(207);
      expect(res.body.responses[0]).toMatchObject({
        id: '1',
        status: 200,
        body: { method: 'DELETE', path: '/things/1' },
      });
    });

    it('passes every other request on to the next middleware', async () => {
      const app = createApp();
      const other = await request(app.callback()).post('/elsewhere').send({ requests: [] });
      const get = await request(app.callback()).get('/batch');
      expect(other.body).toEqual({ method: 'POST', path: '/elsewhere' });
      expect(get.body).toEqual({ method: 'GET', path: '/batch' });
    });
  });

  describe('when mounted in a router with a prefix', () => {
    it('dispatches item urls from the app root and refuses the batch route as an item', async () => {
      const app = new KoaClass();
      const router = new Router({ prefix: '/api' });
      router.post('/batch', batch());
      router.get('/users/:id', (ctx) => {
        ctx.body = { id: ctx.params.id };
      });
      app.use(router.routes());
      const ok = await postBatch(app, '/api/batch', [{ id: '1', method: 'GET', url: '/api/users/7' }]);
      expect(ok.body.responses[0]).toMatchObject({ status: 200, body: { id: '7' } });
      const nested = await postBatch(app, '/api/batch', [{ id: '1', method: 'POST', url: '/api/batch' }]);
      expect(nested.status).toBe(400);
      expect(JSON.parse(nested.text).code).toBe('ERR_MULTISTATUS_BATCH_NESTED');
    });
  });
});
