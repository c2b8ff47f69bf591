import { request as httpRequest } from 'node:http';
import { parseMultiStatus } from '@multistatus/core';
import { createWebdavServer } from '../src/create-webdav-server';
import { createMemoryStore } from '../src/memory-store';
import { dav, takeLock } from './dav-request';
import { listen } from './listen';

async function collectionWithMembers() {
  const app = createWebdavServer({ store: createMemoryStore() });
  await dav(app, 'MKCOL', '/coll/');
  await dav(app, 'MKCOL', '/coll/sub/');
  for (const path of ['/coll/a.txt', '/coll/sub/b.txt', '/coll/sub/locked.txt']) {
    await dav(app, 'PUT', path, { body: path });
  }
  return app;
}

describe('DELETE', () => {
  describe('when a member of the collection is locked and its token is not submitted', () => {
    it('answers 207 listing only the locked member, with 423 and DAV:lock-token-submitted', async () => {
      const app = await collectionWithMembers();
      await takeLock(app, '/coll/sub/locked.txt', 'exclusive', '0');
      const res = await dav(app, 'DELETE', '/coll/');
      expect(res.status).toBe(207);
      expect(res.text).toContain(
        '<D:response><D:href>/coll/sub/locked.txt</D:href><D:status>HTTP/1.1 423 Locked</D:status>' +
          '<D:error><D:lock-token-submitted><D:href>/coll/sub/locked.txt</D:href></D:lock-token-submitted></D:error></D:response>',
      );
      const { entries } = await parseMultiStatus(res.text);
      expect(entries.map((e) => [e.href, e.status])).toEqual([['/coll/sub/locked.txt', 423]]);
    });

    it('deletes every other member and keeps the locked one with the collections that hold it', async () => {
      const app = await collectionWithMembers();
      await takeLock(app, '/coll/sub/locked.txt', 'exclusive', '0');
      await dav(app, 'DELETE', '/coll/');
      expect((await dav(app, 'GET', '/coll/a.txt')).status).toBe(404);
      expect((await dav(app, 'GET', '/coll/sub/b.txt')).status).toBe(404);
      expect((await dav(app, 'GET', '/coll/sub/locked.txt')).text).toBe('/coll/sub/locked.txt');
      expect((await dav(app, 'PROPFIND', '/coll/sub/', { headers: { Depth: '0' } })).status).toBe(207);
    });
  });

  describe('when the locked member token is submitted in the If header', () => {
    it('deletes the whole collection with 204', async () => {
      const app = await collectionWithMembers();
      const token = await takeLock(app, '/coll/sub/locked.txt', 'exclusive', '0');
      const res = await dav(app, 'DELETE', '/coll/', { headers: { If: `</coll/sub/locked.txt> (<${token}>)` } });
      expect(res.status).toBe(204);
      expect((await dav(app, 'GET', '/coll/sub/locked.txt')).status).toBe(404);
    });
  });

  describe('when the request URI itself is locked', () => {
    it('answers a plain 423 with DAV:lock-token-submitted, never a 207, and deletes nothing', async () => {
      const app = await collectionWithMembers();
      await takeLock(app, '/coll/', 'exclusive', 'infinity');
      const res = await dav(app, 'DELETE', '/coll/');
      expect(res.status).toBe(423);
      expect(res.text).toBe(
        '<?xml version="1.0" encoding="utf-8"?>\n<D:error xmlns:D="DAV:"><D:lock-token-submitted><D:href>/coll/</D:href></D:lock-token-submitted></D:error>',
      );
      expect((await dav(app, 'GET', '/coll/a.txt')).status).toBe(200);
    });
  });

  describe('when the resource does not exist', () => {
    it('answers 404', async () => {
      const app = createWebdavServer();
      expect((await dav(app, 'DELETE', '/nothing')).status).toBe(404);
    });
  });

  describe('when the request URI has a fragment', () => {
    it('answers 400 and deletes nothing', async () => {
      const app = await collectionWithMembers();
      const server = await listen(app);
      try {
        // supertest drops fragments before sending, as browsers do; litmus sends them, and so does this.
        const status = await new Promise<number | undefined>((resolve, reject) => {
          const req = httpRequest(`${server.url}coll/`, { method: 'DELETE', path: '/coll/#frag' }, (res) => {
            res.resume();
            resolve(res.statusCode);
          });
          req.on('error', reject);
          req.end();
        });
        expect(status).toBe(400);
      } finally {
        await server.close();
      }
      expect((await dav(app, 'GET', '/coll/a.txt')).status).toBe(200);
    });
  });
});
