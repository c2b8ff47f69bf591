import { parseMultiStatus } from '@multistatus/core';
import request from 'supertest';
import { createApp } from '../src/app';
import { Tree } from '../src/tree';

const PROP = (names: string) =>
  `<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:" xmlns:X="urn:x"><D:prop>${names}</D:prop></D:propfind>`;

function propfind(app: ReturnType<typeof createApp>, path: string, depth: string | undefined, body = '') {
  let req = request(app).propfind(path).set('Content-Type', 'application/xml; charset=utf-8');
  if (depth !== undefined) req = req.set('Depth', depth);
  return req
    .send(body)
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => done(null, text));
    });
}

describe('examples/express-propfind: PROPFIND over an in-memory tree', () => {
  const app = createApp({ tree: Tree.sample({ bigSize: 300 }) });

  describe('when asked for named properties of a file at Depth 0', () => {
    it('answers found ones under 200 and missing ones under 404, literally', async () => {
      const res = await propfind(app, '/docs/readme.txt', '0', PROP('<D:displayname/><D:getcontentlength/><X:color/>'));
      expect(res.status).toBe(207);
      expect(res.body).toBe(
        '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">\n' +
          '<D:response><D:href>/docs/readme.txt</D:href>' +
          '<D:propstat><D:prop><D:displayname>readme.txt</D:displayname><D:getcontentlength>15</D:getcontentlength></D:prop>' +
          '<D:status>HTTP/1.1 200 OK</D:status></D:propstat>' +
          '<D:propstat><D:prop><ns1:color xmlns:ns1="urn:x"/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>' +
          '</D:response>\n</D:multistatus>\n',
      );
    });
  });

  describe('when asked at Depth 1 on a collection', () => {
    it('lists the collection and its members, with hrefs percent-encoded once', async () => {
      const res = await propfind(app, '/docs/', '1', PROP('<D:resourcetype/>'));
      const { entries } = await parseMultiStatus(res.body as string);
      expect(entries.map((e) => e.href)).toEqual([
        '/docs/',
        '/docs/Read%20me%20too.txt',
        '/docs/caf%C3%A9.md',
        '/docs/readme.txt',
      ]);
      expect(entries[0]?.propstat?.[0]?.props).toEqual({ '{DAV:}resourcetype': { name: '{DAV:}collection' } });
      expect(entries[1]?.propstat?.[0]?.props).toEqual({ '{DAV:}resourcetype': null });
    });
  });

  describe('when the body is empty and there is no Depth header', () => {
    it('treats it as allprop at Depth infinity (RFC 4918 §9.1), streamed as the walk goes', async () => {
      const res = await propfind(app, '/', undefined);
      expect(res.status).toBe(207);
      // More entries than the commit point: the body went out chunked, while the walk was running.
      expect(res.headers['content-length']).toBeUndefined();
      const { entries } = await parseMultiStatus(res.body as string);
      // '/', '/big/' + 300 files, '/docs/' + 3, '/photos/', '/photos/2026/' + 1.
      expect(entries).toHaveLength(309);
      expect(Object.keys(entries.find((e) => e.href === '/docs/readme.txt')?.propstat?.[0]?.props ?? {})).toEqual([
        '{DAV:}creationdate',
        '{DAV:}displayname',
        '{DAV:}getlastmodified',
        '{DAV:}resourcetype',
        '{DAV:}getcontentlength',
        '{DAV:}getcontenttype',
        '{DAV:}getetag',
      ]);
    });
  });

  describe('when asked for property names', () => {
    it('answers every name with an empty value', async () => {
      const res = await propfind(
        app,
        '/docs/',
        '0',
        '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:propname/></D:propfind>',
      );
      const { entries } = await parseMultiStatus(res.body as string);
      expect(entries[0]?.propstat).toEqual([
        {
          status: 200,
          props: {
            '{DAV:}creationdate': null,
            '{DAV:}displayname': null,
            '{DAV:}getlastmodified': null,
            '{DAV:}resourcetype': null,
          },
        },
      ]);
    });
  });

  describe('when the client prefers a minimal answer (RFC 8144)', () => {
    it('leaves out the 404 propstat', async () => {
      const res = await propfind(app, '/docs/readme.txt', '0', PROP('<D:displayname/><X:color/>')).set(
        'Prefer',
        'return=minimal',
      );
      expect(res.headers['preference-applied']).toBe('return=minimal');
      const { entries } = await parseMultiStatus(res.body as string);
      expect(entries[0]?.propstat?.map((p) => p.status)).toEqual([200]);
    });
  });

  describe('when the request is wrong', () => {
    it('answers 400 to a malformed body, naming the line and column', async () => {
      const res = await propfind(app, '/', '0', '<D:propfind xmlns:D="DAV:"><D:prop>');
      expect(res.status).toBe(400);
      expect(res.body).toMatch(/line \d+, column \d+/);
    });
    it('answers 400 to a Depth that is not 0, 1 or infinity', async () => {
      expect((await propfind(app, '/', '2')).status).toBe(400);
    });
    it('answers 404 to a resource that does not exist', async () => {
      expect((await propfind(app, '/nope', '0')).status).toBe(404);
    });
    it('answers 405 to a method it does not support', async () => {
      const res = await request(app).delete('/docs/readme.txt');
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('OPTIONS, GET, HEAD, PROPFIND');
    });
  });

  describe('OPTIONS', () => {
    it('announces WebDAV class 1', async () => {
      const res = await request(app).options('/');
      expect(res.headers.dav).toBe('1');
    });
  });
});
