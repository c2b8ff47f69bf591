import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Entry, parseMultiStatus } from '@multistatus/core';

// Multistatus bodies as real servers write them (their layout, namespaces, element order and quirks),
// rewritten by hand as fixtures.
function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', 'multistatus', name), 'utf8');
}

const DAV_LOCKENTRY = (scope: string) => ({
  name: '{DAV:}lockentry',
  children: [
    { name: '{DAV:}lockscope', children: [{ name: `{DAV:}${scope}` }] },
    { name: '{DAV:}locktype', children: [{ name: '{DAV:}write' }] },
  ],
});

describe('parseMultiStatus(body) on real server output', () => {
  describe('Apache mod_dav (prefixes declared per response, DAV: under several prefixes)', () => {
    it('reads every property under its Clark name, and the 404 propstat separately', async () => {
      const { entries } = await parseMultiStatus(fixture('apache-mod-dav-propfind.xml'));
      expect(entries).toEqual<Entry[]>([
        {
          href: '/dav/',
          propstat: [
            {
              status: 200,
              props: {
                '{DAV:}resourcetype': { name: '{DAV:}collection' },
                '{DAV:}creationdate': '2024-03-01T10:00:00Z',
                '{DAV:}getlastmodified': 'Fri, 01 Mar 2024 10:00:00 GMT',
                '{DAV:}getetag': '"1000-6129c0b5d3a80"',
                '{DAV:}supportedlock': [DAV_LOCKENTRY('exclusive'), DAV_LOCKENTRY('shared')],
                '{DAV:}lockdiscovery': null,
                '{DAV:}getcontenttype': 'httpd/unix-directory',
              },
            },
            { status: 404, props: { '{http://example.com/ns/}color': null } },
          ],
        },
        {
          href: '/dav/report%202024.txt',
          propstat: [
            {
              status: 200,
              props: {
                '{DAV:}resourcetype': null,
                '{DAV:}creationdate': '2024-03-02T08:30:00Z',
                '{DAV:}getcontentlength': '2024.10',
                '{DAV:}getlastmodified': 'Sat, 02 Mar 2024 08:30:00 GMT',
                '{DAV:}getetag': '"7e8-612a1f0c4b2c0"',
                '{http://apache.org/dav/props/}executable': 'F',
                '{DAV:}lockdiscovery': null,
                '{DAV:}getcontenttype': 'text/plain',
              },
            },
            { status: 404, props: { '{http://example.com/ns/}color': null } },
          ],
        },
      ]);
    });
  });

  describe('nginx dav-ext (an empty element written with a line break inside)', () => {
    it('keeps the whitespace of a text-only property as text and reads an open-close pair as null', async () => {
      const { entries } = await parseMultiStatus(fixture('nginx-dav-ext-propfind.xml'));
      expect(entries).toEqual<Entry[]>([
        {
          href: '/webdav/',
          propstat: [
            {
              status: 200,
              props: {
                '{DAV:}displayname': 'webdav',
                '{DAV:}getlastmodified': 'Mon, 04 Mar 2024 08:15:00 GMT',
                '{DAV:}resourcetype': { name: '{DAV:}collection' },
                '{DAV:}lockdiscovery': null,
                '{DAV:}supportedlock': '\n',
              },
            },
          ],
        },
        {
          href: '/webdav/notes.md',
          propstat: [
            {
              status: 200,
              props: {
                '{DAV:}displayname': 'notes.md',
                '{DAV:}getcontentlength': '512',
                '{DAV:}getlastmodified': 'Mon, 04 Mar 2024 08:16:40 GMT',
                '{DAV:}resourcetype': null,
                '{DAV:}lockdiscovery': null,
                '{DAV:}supportedlock': '\n',
              },
            },
          ],
        },
      ]);
    });
  });

  describe('sabre/dav (lower-case prefix, pretty-printed, escaped quotes, Nextcloud namespaces)', () => {
    it('keeps both propstats of each response, with their own statuses', async () => {
      const { entries } = await parseMultiStatus(fixture('sabre-dav-propfind.xml'));
      expect(entries).toEqual<Entry[]>([
        {
          href: '/remote.php/dav/files/alice/',
          propstat: [
            {
              status: 200,
              props: {
                '{DAV:}getlastmodified': 'Tue, 05 Mar 2024 12:00:00 GMT',
                '{DAV:}resourcetype': { name: '{DAV:}collection' },
                '{DAV:}quota-used-bytes': '163',
                '{DAV:}quota-available-bytes': '-3',
                '{DAV:}getetag': '"65e70a5c3a1b2"',
                '{http://owncloud.org/ns}permissions': 'RGDNVCK',
              },
            },
            { status: 404, props: { '{DAV:}getcontentlength': null, '{DAV:}getcontenttype': null } },
          ],
        },
        {
          href: '/remote.php/dav/files/alice/Photos/Caf%C3%A9.jpg',
          propstat: [
            {
              status: 200,
              props: {
                '{DAV:}getlastmodified': 'Tue, 05 Mar 2024 12:01:00 GMT',
                '{DAV:}getcontentlength': '88731',
                '{DAV:}resourcetype': null,
                '{DAV:}getetag': '"b1f0d3c4e2a6c0a7"',
                '{DAV:}getcontenttype': 'image/jpeg',
                '{http://owncloud.org/ns}permissions': 'RGDNVW',
              },
            },
            { status: 404, props: { '{DAV:}quota-used-bytes': null, '{DAV:}quota-available-bytes': null } },
          ],
        },
      ]);
    });
  });

  describe('nephele (default namespace, status and description before prop, description before propstat)', () => {
    it('reads elements in any order and keeps descriptions at both levels', async () => {
      const { entries } = await parseMultiStatus(fixture('nephele-propfind.xml'));
      expect(entries).toEqual<Entry[]>([
        {
          href: 'http://localhost:8080/files/',
          propstat: [
            {
              status: 200,
              props: {
                '{DAV:}creationdate': '2024-03-06T09:00:00.000Z',
                '{DAV:}displayname': 'files',
                '{DAV:}getlastmodified': 'Wed, 06 Mar 2024 09:00:00 GMT',
                '{DAV:}resourcetype': { name: '{DAV:}collection' },
                '{DAV:}supportedlock': DAV_LOCKENTRY('exclusive'),
              },
            },
            {
              status: 404,
              props: { '{http://example.com/ns/}color': null },
              description: 'The color property was not found.',
            },
          ],
        },
        {
          href: 'http://localhost:8080/files/secret.txt',
          status: 401,
          description: 'The user is not authorized to get properties for this resource.',
        },
      ]);
    });
  });

  describe('webdav-server (compact, href after propstat, a location beside the propstat)', () => {
    it('reads the href wherever it comes and keeps the location', async () => {
      const { entries } = await parseMultiStatus(fixture('webdav-server-propfind.xml'));
      expect(entries).toHaveLength(2);
      expect(entries[0]).toEqual<Entry>({
        href: 'http://localhost:1900/folder/',
        location: 'http://localhost:1900/folder',
        propstat: [
          {
            status: 200,
            props: {
              '{DAV:}getlastmodified': 'Thu, 07 Mar 2024 10:00:00 GMT',
              '{DAV:}lockdiscovery': null,
              '{DAV:}supportedlock': DAV_LOCKENTRY('exclusive'),
              '{DAV:}creationdate': '2024-03-07T10:00:00+00:00',
              '{DAV:}resourcetype': { name: '{DAV:}collection' },
              '{DAV:}displayname': 'folder',
              '{DAV:}getetag': '"f1a2b3"',
            },
          },
        ],
      });
      expect(entries[1]).toMatchObject({
        href: 'http://localhost:1900/folder/data.json',
        propstat: [
          { status: 200, props: { '{DAV:}getcontentlength': '42', '{DAV:}displayname': 'data.json' } },
          { status: 404, props: { '{http://example.com/ns/}color': null } },
        ],
      });
    });
  });

  describe('RFC 4918 §9.1.3 (named properties, 200 and 403 propstats, descriptions)', () => {
    it('reads XML property values as elements, dropping the layout whitespace between them', async () => {
      const doc = await parseMultiStatus(fixture('rfc4918-9.1.3-named-properties.xml'));
      expect(doc).toEqual({
        description: ' There has been an access violation error.\n  ',
        entries: [
          {
            href: 'http://www.example.com/file',
            propstat: [
              {
                status: 200,
                props: {
                  '{http://ns.example.com/boxschema/}bigbox': {
                    name: '{http://ns.example.com/boxschema/}BoxType',
                    children: ['Box type A'],
                  },
                  '{http://ns.example.com/boxschema/}author': {
                    name: '{http://ns.example.com/boxschema/}Name',
                    children: ['J.J. Johnson'],
                  },
                },
              },
              {
                status: 403,
                props: {
                  '{http://ns.example.com/boxschema/}DingALing': null,
                  '{http://ns.example.com/boxschema/}Random': null,
                },
                description: ' The user does not have access to the DingALing property.\n      ',
              },
            ],
          },
        ],
      });
    });
  });

  describe('RFC 4918 §9.1.4 (propname, default namespace, prefix declared on prop)', () => {
    it('reads every name with a null value', async () => {
      const { entries } = await parseMultiStatus(fixture('rfc4918-9.1.4-propname.xml'));
      expect(entries.map((e) => e.href)).toEqual([
        'http://www.example.com/container/',
        'http://www.example.com/container/front.html',
      ]);
      expect(entries[0]?.propstat).toEqual([
        {
          status: 200,
          props: {
            '{http://ns.example.com/boxschema/}bigbox': null,
            '{http://ns.example.com/boxschema/}author': null,
            '{DAV:}creationdate': null,
            '{DAV:}displayname': null,
            '{DAV:}resourcetype': null,
            '{DAV:}supportedlock': null,
          },
        },
      ]);
      expect(Object.keys(entries[1]?.propstat?.[0]?.props ?? {})).toHaveLength(9);
    });
  });

  describe('RFC 4918 §9.1.5 (allprop)', () => {
    it('reads nested XML values and text values, a line break inside a start tag included', async () => {
      const { entries } = await parseMultiStatus(fixture('rfc4918-9.1.5-allprop.xml'));
      const props = entries[1]?.propstat?.[0]?.props;
      expect(props?.['{http://ns.example.com/boxschema/}bigbox']).toEqual({
        name: '{http://ns.example.com/boxschema/}BoxType',
        children: ['Box type B'],
      });
      expect(props?.['{DAV:}getlastmodified']).toBe('Mon, 12 Jan 1998 09:25:56 GMT');
      expect(props?.['{DAV:}getcontentlength']).toBe('4525');
      expect(props?.['{DAV:}supportedlock']).toEqual([DAV_LOCKENTRY('exclusive'), DAV_LOCKENTRY('shared')]);
      expect(entries[0]?.propstat?.[0]?.props['{http://ns.example.com/boxschema/}author']).toEqual({
        name: '{http://ns.example.com/boxschema/}Name',
        children: ['Hadrian'],
      });
    });
  });

  describe('RFC 4918 §9.2.2 (PROPPATCH: 424 and 409 propstats)', () => {
    it('keeps every propstat and the response description', async () => {
      const { entries } = await parseMultiStatus(fixture('rfc4918-9.2.2-proppatch.xml'));
      expect(entries).toEqual<Entry[]>([
        {
          href: 'http://www.example.com/bar.html',
          propstat: [
            { status: 424, props: { '{http://ns.example.com/standards/z39.50/}Authors': null } },
            { status: 409, props: { '{http://ns.example.com/standards/z39.50/}Copyright-Owner': null } },
          ],
          description: ' Copyright Owner cannot be deleted or\n      altered.',
        },
      ]);
    });
  });

  describe.each([
    ['§9.6.2 (DELETE)', 'rfc4918-9.6.2-delete.xml', 'http://www.example.com/container/resource3'],
    ['§9.8.8 (COPY)', 'rfc4918-9.8.8-copy.xml', 'http://www.example.com/othercontainer/R2/'],
  ])('RFC 4918 %s', (_section, file, href) => {
    it('reads a 423 status with its precondition in error', async () => {
      const { entries } = await parseMultiStatus(fixture(file));
      expect(entries).toEqual<Entry[]>([{ href, status: 423, error: { name: '{DAV:}lock-token-submitted' } }]);
    });
  });

  describe('RFC 4918 §9.10.9 (LOCK on several resources)', () => {
    it('reads one status entry per response', async () => {
      const { entries } = await parseMultiStatus(fixture('rfc4918-9.10.9-lock.xml'));
      expect(entries).toEqual<Entry[]>([
        { href: 'http://example.com/webdav/secret', status: 403 },
        { href: 'http://example.com/webdav/', status: 424 },
      ]);
    });
  });
});
