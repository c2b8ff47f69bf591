import { parseMultiStatus } from '@multistatus/core';
import { createWebdavServer } from '../src/create-webdav-server';
import { dav } from './dav-request';

const update = (body: string) =>
  `<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:example:z">${body}</D:propertyupdate>`;

async function withFile() {
  const app = createWebdavServer();
  await dav(app, 'PUT', '/f.txt', { body: 'x' });
  return app;
}

async function propsOf(app: ReturnType<typeof createWebdavServer>, names: string) {
  const res = await dav(app, 'PROPFIND', '/f.txt', {
    headers: { Depth: '0' },
    body: `<D:propfind xmlns:D="DAV:" xmlns:Z="urn:example:z"><D:prop>${names}</D:prop></D:propfind>`,
  });
  return (await parseMultiStatus(res.text)).entries[0]?.propstat ?? [];
}

describe('PROPPATCH', () => {
  describe('when one instruction targets a protected live property', () => {
    it('fails it with 403 and every other instruction with 424 Failed Dependency', async () => {
      const app = await withFile();
      const res = await dav(app, 'PROPPATCH', '/f.txt', {
        body: update(
          '<D:set><D:prop><Z:color>red</Z:color></D:prop></D:set>' +
            '<D:set><D:prop><D:getetag>"forged"</D:getetag></D:prop></D:set>' +
            '<D:remove><D:prop><Z:size/></D:prop></D:remove>',
        ),
      });
      expect(res.status).toBe(207);
      const { entries } = await parseMultiStatus(res.text);
      expect(entries).toEqual([
        {
          href: '/f.txt',
          propstat: [
            {
              status: 403,
              props: { '{DAV:}getetag': null },
              error: { name: '{DAV:}cannot-modify-protected-property' },
            },
            { status: 424, props: { '{urn:example:z}color': null, '{urn:example:z}size': null } },
          ],
        },
      ]);
    });

    it('applies none of them (atomicity, RFC 4918 §9.2)', async () => {
      const app = await withFile();
      await dav(app, 'PROPPATCH', '/f.txt', {
        body: update(
          '<D:set><D:prop><Z:color>red</Z:color></D:prop></D:set><D:set><D:prop><D:resourcetype/></D:prop></D:set>',
        ),
      });
      expect(await propsOf(app, '<Z:color/>')).toEqual([{ status: 404, props: { '{urn:example:z}color': null } }]);
    });
  });

  describe('when every instruction can be applied', () => {
    it('answers 207 with 200 for each property and applies them in document order', async () => {
      const app = await withFile();
      const res = await dav(app, 'PROPPATCH', '/f.txt', {
        body: update(
          '<D:set><D:prop><Z:color>red</Z:color><Z:size>1</Z:size></D:prop></D:set><D:remove><D:prop><Z:size/></D:prop></D:remove>',
        ),
      });
      expect(res.status).toBe(207);
      const { entries } = await parseMultiStatus(res.text);
      expect(entries[0]?.propstat).toEqual([
        { status: 200, props: { '{urn:example:z}color': null, '{urn:example:z}size': null } },
      ]);
      expect(await propsOf(app, '<Z:color/><Z:size/>')).toEqual([
        { status: 200, props: { '{urn:example:z}color': 'red' } },
        { status: 404, props: { '{urn:example:z}size': null } },
      ]);
    });
  });

  describe('a dead property with XML content in several namespaces', () => {
    it('reads back from PROPFIND exactly: elements, attributes, namespaces and mixed text', async () => {
      const app = await withFile();
      const value =
        '<Z:address xmlns:Q="urn:example:q"><Q:street n="1" Q:kind="main">Main &amp; First</Q:street> near ' +
        '<plain xmlns="">the <b xmlns="urn:example:b">park</b></plain></Z:address>';
      const res = await dav(app, 'PROPPATCH', '/f.txt', { body: update(`<D:set><D:prop>${value}</D:prop></D:set>`) });
      expect(res.status).toBe(207);
      expect(await propsOf(app, '<Z:address/>')).toEqual([
        {
          status: 200,
          props: {
            '{urn:example:z}address': [
              {
                name: '{urn:example:q}street',
                attrs: { n: '1', '{urn:example:q}kind': 'main' },
                children: ['Main & First'],
              },
              ' near ',
              { name: '{}plain', children: ['the ', { name: '{urn:example:b}b', children: ['park'] }] },
            ],
          },
        },
      ]);
    });
  });

  describe('on a missing resource', () => {
    it('answers 404', async () => {
      const app = createWebdavServer();
      const res = await dav(app, 'PROPPATCH', '/none', {
        body: update('<D:set><D:prop><Z:a>1</Z:a></D:prop></D:set>'),
      });
      expect(res.status).toBe(404);
    });
  });
});
