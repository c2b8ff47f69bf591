import { batch as expressBatch } from '@multistatus/express';
import { batch as koaBatch } from '@multistatus/koa';
import type Koa from 'koa';
import request from 'supertest';

const express4 = require('express4') as typeof import('express');
const express5 = require('express') as typeof import('express');
const Koa2 = require('koa2') as typeof Koa;
const Koa3 = require('koa') as typeof Koa;

// An item route that answers with headers a client needs (ETag, Retry-After) and ones it must never get.
function expressApp(express: typeof import('express')) {
  const app = express();
  app.post('/batch', expressBatch());
  app.get('/item', (_req, res) => {
    res.set({ ETag: '"v2"', 'Retry-After': '120', 'Set-Cookie': 'sid=item', 'X-Internal': 'yes' }).json({ ok: true });
  });
  return app;
}

function koaApp(KoaClass: typeof Koa) {
  const app = new KoaClass();
  app.use(koaBatch({ path: '/batch' }));
  app.use(async (ctx) => {
    ctx.set({ ETag: '"v2"', 'Retry-After': '120', 'Set-Cookie': 'sid=item', 'X-Internal': 'yes' });
    ctx.body = { ok: true };
  });
  return app.callback();
}

describe.each([
  ['Express 4', () => expressApp(express4)],
  ['Express 5', () => expressApp(express5)],
  ['Koa 2', () => koaApp(Koa2)],
  ['Koa 3', () => koaApp(Koa3)],
])('batch() item response headers on %s', (_name, createApp) => {
  const body = JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/item' }] });

  it('carries the allow-listed ones on the entry in JSON, never Set-Cookie or the rest', async () => {
    const res = await request(createApp()).post('/batch').set('Content-Type', 'application/json').send(body);
    expect(res.body.responses[0].headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      etag: '"v2"',
      'retry-after': '120',
    });
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('carries them in XML as <M:headers>', async () => {
    const res = await request(createApp())
      .post('/batch')
      .set('Content-Type', 'application/json')
      .set('Accept', 'application/xml')
      .send(body);
    expect(res.text).toContain(
      '<M:headers xmlns:M="urn:multistatus:ext">{"content-type":"application/json; charset=utf-8","etag":"\\"v2\\"","retry-after":"120"}</M:headers>',
    );
  });
});
