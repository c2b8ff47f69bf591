import { parseMultiStatus } from '@multistatus/core';
import { createWebdavServer } from '../src/create-webdav-server';
import { dav, takeLock } from './dav-request';

async function tree() {
  const app = createWebdavServer();
  await dav(app, 'MKCOL', '/src/');
  await dav(app, 'MKCOL', '/src/sub/');
  await dav(app, 'PUT', '/src/a.txt', { body: 'a' });
  await dav(app, 'PUT', '/src/sub/locked.txt', { body: 'locked' });
  await dav(app, 'MKCOL', '/other/');
  return app;
}

const to = (path: string) => ({ Destination: `http://127.0.0.1${path}` });

describe('MOVE', () => {
  describe('when a member of the source collection is locked and its token is not submitted', () => {
    it('answers 207 listing only that member with 423, moves the rest and leaves the member behind', async () => {
      const app = await tree();
      await takeLock(app, '/src/sub/locked.txt', 'exclusive', '0');
      const res = await dav(app, 'MOVE', '/src/', { headers: { ...to('/dst/'), Host: '127.0.0.1' } });
      expect(res.status).toBe(207);
      const { entries } = await parseMultiStatus(res.text);
      expect(entries.map((e) => [e.href, e.status])).toEqual([['/src/sub/locked.txt', 423]]);
      expect((await dav(app, 'GET', '/dst/a.txt')).text).toBe('a');
      expect((await dav(app, 'GET', '/src/a.txt')).status).toBe(404);
      expect((await dav(app, 'GET', '/src/sub/locked.txt')).text).toBe('locked');
      expect((await dav(app, 'GET', '/dst/sub/locked.txt')).status).toBe(404);
    });
  });

  describe('when the source itself is locked', () => {
    it('answers a plain 423 and moves nothing', async () => {
      const app = await tree();
      await takeLock(app, '/src/', 'exclusive', 'infinity');
      const res = await dav(app, 'MOVE', '/src/', { headers: { ...to('/dst/'), Host: '127.0.0.1' } });
      expect(res.status).toBe(423);
      expect((await dav(app, 'GET', '/src/a.txt')).status).toBe(200);
    });
  });

  describe('when nothing is locked', () => {
    it('moves the whole tree: 201 for a new destination, 204 over an existing one with Overwrite: T', async () => {
      const app = await tree();
      const first = await dav(app, 'MOVE', '/src/', { headers: { ...to('/dst/'), Host: '127.0.0.1' } });
      expect(first.status).toBe(201);
      expect((await dav(app, 'GET', '/dst/sub/locked.txt')).text).toBe('locked');
      const second = await dav(app, 'MOVE', '/dst/', {
        headers: { ...to('/other/'), Host: '127.0.0.1', Overwrite: 'T' },
      });
      expect(second.status).toBe(204);
      expect((await dav(app, 'GET', '/other/a.txt')).text).toBe('a');
    });
  });
});

describe('COPY', () => {
  describe('with Overwrite: F onto an existing resource', () => {
    it('answers 412 and changes nothing', async () => {
      const app = await tree();
      const res = await dav(app, 'COPY', '/src/a.txt', {
        headers: { ...to('/other'), Host: '127.0.0.1', Overwrite: 'F' },
      });
      expect(res.status).toBe(412);
    });
  });

  describe('with Depth: 0 on a collection', () => {
    it('copies the collection without its members', async () => {
      const app = await tree();
      const res = await dav(app, 'COPY', '/src/', { headers: { ...to('/shallow/'), Host: '127.0.0.1', Depth: '0' } });
      expect(res.status).toBe(201);
      const listing = await parseMultiStatus(
        (await dav(app, 'PROPFIND', '/shallow/', { headers: { Depth: '1' } })).text,
      );
      expect(listing.entries.map((e) => e.href)).toEqual(['/shallow/']);
    });
  });

  describe('with Depth: 1', () => {
    it('answers 400 (RFC 4918 §9.8.3 allows only 0 and infinity)', async () => {
      const app = await tree();
      expect(
        (await dav(app, 'COPY', '/src/', { headers: { ...to('/x/'), Host: '127.0.0.1', Depth: '1' } })).status,
      ).toBe(400);
    });
  });

  describe('when the destination has no parent collection', () => {
    it('answers 409', async () => {
      const app = await tree();
      expect(
        (await dav(app, 'COPY', '/src/a.txt', { headers: { ...to('/none/a.txt'), Host: '127.0.0.1' } })).status,
      ).toBe(409);
    });
  });

  describe('when the destination is on another host', () => {
    it('answers 502', async () => {
      const app = await tree();
      const res = await dav(app, 'COPY', '/src/a.txt', {
        headers: { Destination: 'http://elsewhere.example/a.txt', Host: '127.0.0.1' },
      });
      expect(res.status).toBe(502);
    });
  });

  describe('with a Destination that is not a URL', () => {
    it('answers 400', async () => {
      const app = await tree();
      const res = await dav(app, 'COPY', '/src/a.txt', { headers: { Destination: 'http://[bad', Host: '127.0.0.1' } });
      expect(res.status).toBe(400);
    });
  });

  describe('without a Destination header', () => {
    it('answers 400', async () => {
      const app = await tree();
      expect((await dav(app, 'COPY', '/src/a.txt')).status).toBe(400);
    });
  });

  describe('onto itself', () => {
    it('answers 403', async () => {
      const app = await tree();
      expect((await dav(app, 'COPY', '/src/', { headers: { ...to('/src/sub/'), Host: '127.0.0.1' } })).status).toBe(
        403,
      );
    });
  });
});
