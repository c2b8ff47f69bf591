import type { Entry } from '@multistatus/core';
import { ErrorCodes, renderMultiStatus } from '@multistatus/core';
import { multiStatusParser } from '@multistatus/testing';
import express from 'express';
import request from 'supertest';

const JSON_BODY = `{"description":"Bulk update","responses":[
{"href":"/items/1","id":"a","status":201,"location":"/items/1","body":{"id":1,"name":"one"}},
{"href":"/items/2","id":"b","status":409,"description":"Version clash","problem":{"type":"about:blank","title":"Conflict","status":409,"detail":"Version clash"}},
{"href":"/docs/","propstat":[{"status":200,"props":{"{DAV:}displayname":"Docs","{DAV:}resourcetype":{"name":"{DAV:}collection"}}},{"status":404,"props":{"{urn:x}color":null}}]}
],"summary":{"total":3,"succeeded":2,"failed":1}}`;

const ROUND_TRIP: Entry[] = [
  { href: '/a', status: 200, body: { ok: true, list: [1, 2] }, id: '1' },
  { href: '/b', status: 301, location: '/c', description: 'Moved' },
  {
    href: '/d',
    status: 423,
    error: { name: '{DAV:}lock-token-submitted', children: [{ name: '{DAV:}href', children: ['/d'] }] },
  },
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
  app.post('/bulk', (_req, res) => {
    res.status(207).type('application/json; charset=utf-8').send(JSON_BODY);
  });
  app.post('/round-trip', (_req, res) => {
    res
      .status(207)
      .type('application/json; charset=utf-8')
      .send(renderMultiStatus(ROUND_TRIP, { format: 'json', description: 'All of it' }));
  });
  app.post('/not-multistatus', (_req, res) => {
    res.status(207).type('application/json').send('{"items":[]}');
  });
  app.post('/truncated', (_req, res) => {
    res.status(207).type('application/json').send(JSON_BODY.slice(0, 100));
  });
  app.post('/plain', (_req, res) => {
    res.status(207).type('text/plain').send('all good');
  });
  app.post('/bad-request', (_req, res) => {
    res.status(400).json({ error: 'bad input' });
  });
  return app;
}

describe('multiStatusParser(res, callback) on JSON', () => {
  const app = createApp();

  describe('when a 207 has a JSON multistatus body', () => {
    it('puts the entries, the description and the summary in res.body, with the problem objects dropped', async () => {
      const res = await request(app).post('/bulk').buffer(true).parse(multiStatusParser);
      expect(res.status).toBe(207);
      expect(res.body).toEqual({
        description: 'Bulk update',
        entries: [
          { href: '/items/1', id: 'a', status: 201, location: '/items/1', body: { id: 1, name: 'one' } },
          { href: '/items/2', id: 'b', status: 409, description: 'Version clash' },
          {
            href: '/docs/',
            propstat: [
              {
                status: 200,
                props: { '{DAV:}displayname': 'Docs', '{DAV:}resourcetype': { name: '{DAV:}collection' } },
              },
              { status: 404, props: { '{urn:x}color': null } },
            ],
          },
        ],
        summary: { total: 3, succeeded: 2, failed: 1 },
      });
    });

    it('keeps the body as text in res.text', async () => {
      const res = await request(app).post('/bulk').buffer(true).parse(multiStatusParser);
      expect(res.text).toBe(JSON_BODY);
    });

    it("reads back what core's JSON serialiser wrote, entry for entry", async () => {
      const res = await request(app).post('/round-trip').buffer(true).parse(multiStatusParser);
      expect(res.body.entries).toEqual(ROUND_TRIP);
      expect(res.body.description).toBe('All of it');
      // /a succeeded; /d (423) and /e (a 403 propstat) failed; the 301 counts as neither.
      expect(res.body.summary).toEqual({ total: 4, succeeded: 1, failed: 2 });
    });
  });

  describe('when a 207 body is not a multistatus', () => {
    it('fails the request with a parse error that names the missing member', async () => {
      await expect(request(app).post('/not-multistatus').buffer(true).parse(multiStatusParser)).rejects.toMatchObject({
        name: 'MultiStatusParseError',
        code: ErrorCodes.PARSE_INVALID,
        message: expect.stringMatching(/responses must be an array, got nothing/),
      });
    });

    it('fails the request on truncated JSON', async () => {
      await expect(request(app).post('/truncated').buffer(true).parse(multiStatusParser)).rejects.toMatchObject({
        name: 'MultiStatusParseError',
        code: ErrorCodes.PARSE_MALFORMED,
        message: expect.stringMatching(/^Invalid multistatus JSON: /),
      });
    });

    it('fails the request when the body is neither XML nor JSON', async () => {
      await expect(request(app).post('/plain').buffer(true).parse(multiStatusParser)).rejects.toMatchObject({
        code: ErrorCodes.PARSE_INVALID,
        message: expect.stringMatching(
          /content type is "text\/plain; charset=utf-8" and the body is neither XML nor JSON/,
        ),
      });
    });
  });

  describe('when the status is not 207', () => {
    it('leaves the response to the test, with a JSON body parsed as JSON', async () => {
      const res = await request(app).post('/bad-request').buffer(true).parse(multiStatusParser);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'bad input' });
      expect(res.text).toBe('{"error":"bad input"}');
    });
  });
});
