import type { Entry } from '@multistatus/core';
import { ErrorCodes, renderMultiStatus } from '@multistatus/core';
import { multiStatusParser } from '@multistatus/testing';
import express from 'express';
import request from 'supertest';

// Another server's habits: its own prefix for DAV:, a custom namespace, two hrefs in one response.
const XML_BODY = `<?xml version="1.0" encoding="utf-8"?>
<d:multistatus xmlns:d="DAV:" xmlns:x="http://example.com/ns" xmlns:M="urn:multistatus:ext">
  <d:response>
    <d:href>/docs/</d:href>
    <d:propstat>
      <d:prop><d:displayname>Docs</d:displayname><d:resourcetype><d:collection/></d:resourcetype></d:prop>
      <d:status>HTTP/1.1 200 OK</d:status>
    </d:propstat>
    <d:propstat>
      <d:prop><x:color/></d:prop>
      <d:status>HTTP/1.1 404 Not Found</d:status>
    </d:propstat>
  </d:response>
  <d:response>
    <d:href>/a</d:href>
    <d:href>/b%20c</d:href>
    <d:status>HTTP/1.1 423 Locked</d:status>
    <d:error><d:lock-token-submitted><d:href>/a</d:href></d:lock-token-submitted></d:error>
    <d:responsedescription>Locked &amp; loaded</d:responsedescription>
  </d:response>
  <d:response>
    <d:href>/old</d:href>
    <d:status>HTTP/1.1 301 Moved Permanently</d:status>
    <d:location><d:href>/new</d:href></d:location>
    <M:id>7</M:id>
    <M:body>{"moved":true}</M:body>
  </d:response>
  <d:responsedescription>Mixed results</d:responsedescription>
</d:multistatus>
`;

const LOCKED = { name: '{DAV:}lock-token-submitted', children: [{ name: '{DAV:}href', children: ['/a'] }] };

const ROUND_TRIP: Entry[] = [
  { href: '/a b', status: 200, body: { ok: true }, id: '1' },
  { href: '/moved', status: 308, location: '/there' },
  {
    href: '/e',
    propstat: [
      {
        status: 200,
        props: {
          '{DAV:}getcontentlength': '12',
          '{urn:x}tags': [{ name: '{urn:x}tag', attrs: { lang: 'en' }, children: ['a'] }, 'mixed'],
        },
      },
      {
        status: 403,
        props: { '{DAV:}getetag': null },
        description: 'Protected',
        error: { name: '{DAV:}cannot-modify-protected-property' },
      },
    ],
  },
];

function createApp(): express.Express {
  const app = express();
  const send = (path: string, type: string, body: string, status = 207) => {
    app.propfind(path, (_req, res) => {
      res.status(status).type(type).send(body);
    });
  };
  send('/listing', 'application/xml; charset=utf-8', XML_BODY);
  send('/text-xml', 'text/xml', XML_BODY);
  send('/round-trip', 'application/xml; charset=utf-8', renderMultiStatus(ROUND_TRIP, { namespaces: { X: 'urn:x' } }));
  send('/truncated', 'application/xml', XML_BODY.slice(0, 300));
  send('/wrong-root', 'application/xml', '<?xml version="1.0"?><D:prop xmlns:D="DAV:"/>');
  send(
    '/doctype',
    'application/xml',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><D:multistatus xmlns:D="DAV:"/>',
  );
  send('/failed', 'application/xml', '<?xml version="1.0"?><error>boom</error>', 500);
  return app;
}

describe('multiStatusParser(res, callback) on XML', () => {
  const app = createApp();

  describe('when a 207 has an XML multistatus body', () => {
    it('puts the entries and the description in res.body, one entry per href', async () => {
      const res = await request(app).propfind('/listing').buffer(true).parse(multiStatusParser);
      expect(res.status).toBe(207);
      expect(res.body).toEqual({
        description: 'Mixed results',
        entries: [
          {
            href: '/docs/',
            propstat: [
              {
                status: 200,
                props: { '{DAV:}displayname': 'Docs', '{DAV:}resourcetype': { name: '{DAV:}collection' } },
              },
              { status: 404, props: { '{http://example.com/ns}color': null } },
            ],
          },
          { href: '/a', status: 423, error: LOCKED, description: 'Locked & loaded' },
          { href: '/b%20c', status: 423, error: LOCKED, description: 'Locked & loaded' },
          { href: '/old', status: 301, location: '/new', id: '7', body: { moved: true } },
        ],
      });
      expect(res.text).toBe(XML_BODY);
    });

    it('reads text/xml the same way', async () => {
      const res = await request(app).propfind('/text-xml').buffer(true).parse(multiStatusParser);
      expect(res.body.entries).toHaveLength(4);
    });

    it("reads back what core's XML serialiser wrote, entry for entry", async () => {
      const res = await request(app).propfind('/round-trip').buffer(true).parse(multiStatusParser);
      // Hrefs go out percent-encoded and come back as sent.
      expect(res.body.entries).toEqual([{ ...ROUND_TRIP[0], href: '/a%20b' }, ...ROUND_TRIP.slice(1)]);
    });
  });

  describe('when a 207 body is not a well-formed multistatus', () => {
    it('fails the request on a truncated document, with line and column', async () => {
      await expect(request(app).propfind('/truncated').buffer(true).parse(multiStatusParser)).rejects.toMatchObject({
        name: 'MultiStatusParseError',
        code: ErrorCodes.PARSE_MALFORMED,
        line: expect.any(Number),
        column: expect.any(Number),
      });
    });

    it('fails the request on another root element', async () => {
      await expect(request(app).propfind('/wrong-root').buffer(true).parse(multiStatusParser)).rejects.toMatchObject({
        code: ErrorCodes.PARSE_WRONG_ROOT,
      });
    });

    it('fails the request on a DOCTYPE, expanding nothing', async () => {
      await expect(request(app).propfind('/doctype').buffer(true).parse(multiStatusParser)).rejects.toMatchObject({
        code: ErrorCodes.PARSE_DOCTYPE,
      });
    });
  });

  describe('when the status is not 207', () => {
    it('leaves an XML body in res.text and res.body empty', async () => {
      const res = await request(app).propfind('/failed').buffer(true).parse(multiStatusParser);
      expect(res.status).toBe(500);
      expect(res.text).toBe('<?xml version="1.0"?><error>boom</error>');
      expect(res.body).toEqual({});
    });
  });
});
