import '@multistatus/testing/jest';
import type { Entry } from '@multistatus/core';
import { multiStatus } from '@multistatus/express';
import { multiStatusParser } from '@multistatus/testing';
import express from 'express';
import request from 'supertest';

const ENTRIES: Entry[] = [
  { href: '/items/1', status: 201, location: '/items/1' },
  { href: '/items/2', status: 409, description: 'Version clash' },
  {
    href: '/docs/',
    propstat: [
      { status: 200, props: { displayname: 'Docs' } },
      { status: 404, props: { '{http://example.com/ns}color': null } },
    ],
  },
];

function createApp(): express.Express {
  const app = express();
  app.use(multiStatus());
  app.post('/bulk', (_req, res, next) => {
    res.multiStatus(ENTRIES).catch(next);
  });
  return app;
}

describe('the matchers and the parser on a 207 from @multistatus/express', () => {
  const app = createApp();

  it.each([
    ['XML', 'application/xml'],
    ['JSON', 'application/json'],
  ])('read the %s form into the same entries', async (_name, accept) => {
    const res = await request(app).post('/bulk').set('Accept', accept).buffer(true).parse(multiStatusParser);
    expect(res.headers['content-type']).toMatch(accept);
    expect(res).toBeMultiStatus();
    expect(res).toHaveEntry('/items/1', 201);
    expect(res).toHaveEntry('/items/2', 409);
    expect(res).toHavePropStat('/docs/', 'displayname', 200);
    expect(res).toHavePropStat('/docs/', '{http://example.com/ns}color', 404);
    expect(res).not.toHavePropStat('/docs/', 'displayname', 404);
    expect(res.body.entries).toEqual([
      ENTRIES[0],
      ENTRIES[1],
      {
        href: '/docs/',
        propstat: [
          { status: 200, props: { '{DAV:}displayname': 'Docs' } },
          { status: 404, props: { '{http://example.com/ns}color': null } },
        ],
      },
    ]);
  });

  it('checks the summary of the JSON form', async () => {
    const res = await request(app).post('/bulk').set('Accept', 'application/json');
    expect(res).toHaveSummary({ total: 3, succeeded: 2, failed: 1 });
  });
});
