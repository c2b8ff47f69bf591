import { parseMultiStatus } from '@multistatus/core';
import { createWebdavServer } from '../src/create-webdav-server';
import { dav } from './dav-request';

const resourcetypeOnly =
  '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:displayname/></D:prop></D:propfind>';

async function small() {
  const app = createWebdavServer();
  await dav(app, 'MKCOL', '/c/');
  await dav(app, 'MKCOL', '/c/d/');
  await dav(app, 'PUT', '/c/a b.txt', { body: 'x' });
  await dav(app, 'PUT', '/c/d/e.txt', { body: 'y' });
  return app;
}

describe('PROPFIND', () => {
  describe('with Depth: 1 and named properties', () => {
    it('answers 207 with the collection and its members, found properties 200 and missing ones 404', async () => {
      const app = await small();
      const res = await dav(app, 'PROPFIND', '/c/', { headers: { Depth: '1' }, body: resourcetypeOnly });
      expect(res.status).toBe(207);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(res.text).toContain(
        '<D:response><D:href>/c/a%20b.txt</D:href><D:propstat><D:prop><D:resourcetype/></D:prop>' +
          '<D:status>HTTP/1.1 200 OK</D:status></D:propstat><D:propstat><D:prop><D:displayname/></D:prop>' +
          '<D:status>HTTP/1.1 404 Not Found</D:status></D:propstat></D:response>',
      );
      const { entries } = await parseMultiStatus(res.text);
      expect(entries.map((e) => e.href)).toEqual(['/c/', '/c/d/', '/c/a%20b.txt']);
    });
  });

  describe('with Depth: infinity on a collection', () => {
    it('answers 403 with DAV:propfind-finite-depth by default', async () => {
      const app = await small();
      const res = await dav(app, 'PROPFIND', '/c/', { headers: { Depth: 'infinity' } });
      expect(res.status).toBe(403);
      expect(res.text).toBe(
        '<?xml version="1.0" encoding="utf-8"?>\n<D:error xmlns:D="DAV:"><D:propfind-finite-depth/></D:error>',
      );
    });

    it('treats a missing Depth header as infinity (RFC 4918 §10.2)', async () => {
      const app = await small();
      expect((await dav(app, 'PROPFIND', '/c/')).status).toBe(403);
    });

    it('walks the whole tree when allowInfiniteDepth is set', async () => {
      const app = createWebdavServer({ allowInfiniteDepth: true });
      await dav(app, 'MKCOL', '/c/');
      await dav(app, 'MKCOL', '/c/d/');
      await dav(app, 'PUT', '/c/d/e.txt', { body: 'y' });
      const res = await dav(app, 'PROPFIND', '/c/', { headers: { Depth: 'infinity' }, body: resourcetypeOnly });
      const { entries } = await parseMultiStatus(res.text);
      expect(entries.map((e) => e.href)).toEqual(['/c/', '/c/d/', '/c/d/e.txt']);
    });
  });

  describe('with an empty body', () => {
    it('is an allprop that includes the RFC 4918 live properties', async () => {
      const app = await small();
      const res = await dav(app, 'PROPFIND', '/c/a%20b.txt', { headers: { Depth: '0' } });
      const { entries } = await parseMultiStatus(res.text);
      const props = entries[0]?.propstat?.[0]?.props ?? {};
      expect(Object.keys(props).sort()).toEqual(
        [
          '{DAV:}creationdate',
          '{DAV:}getcontentlength',
          '{DAV:}getcontenttype',
          '{DAV:}getetag',
          '{DAV:}getlastmodified',
          '{DAV:}lockdiscovery',
          '{DAV:}resourcetype',
          '{DAV:}supportedlock',
        ].sort(),
      );
      expect(props['{DAV:}getcontentlength']).toBe('1');
      expect(props['{DAV:}resourcetype']).toBeNull();
    });
  });

  describe('with a malformed body', () => {
    it('answers 400', async () => {
      const app = await small();
      expect(
        (await dav(app, 'PROPFIND', '/c/', { headers: { Depth: '0' }, body: '<D:propfind xmlns:D="DAV:">' })).status,
      ).toBe(400);
    });
  });

  describe('on a missing resource', () => {
    it('answers 404, not a 207', async () => {
      const app = await small();
      expect((await dav(app, 'PROPFIND', '/c/none', { headers: { Depth: '0' } })).status).toBe(404);
    });
  });
});
