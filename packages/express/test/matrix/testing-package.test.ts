// The project's own adapters, asserted with the project's own @multistatus/testing: its supertest parser
// and its matchers get real use on every framework major, in XML and in JSON.
import '@multistatus/testing/jest';
import { type Entry, el } from '@multistatus/core';
import { multiStatusParser } from '@multistatus/testing';
import request from 'supertest';
import { describeMatrix } from '../support/matrix';

const entries: Entry[] = [
  { href: '/files/a.txt', status: 201, id: '1', body: { size: 3 } },
  { href: '/files/b.txt', status: 423, error: el('{DAV:}lock-token-submitted') },
  {
    href: '/files/',
    propstat: [
      { status: 200, props: { displayname: 'files', resourcetype: el('{DAV:}collection') } },
      { status: 404, props: { '{http://example.com/ns/}color': null } },
    ],
  },
];

describeMatrix('multiStatus(entries) read with @multistatus/testing', (framework) => {
  const app = () => framework.createApp({ handle: (route) => route.multiStatus(entries) }).listener;

  it.each(['application/xml', 'application/json'])(
    'parses the %s answer into entries the matchers check',
    async (accept) => {
      const res = await request(app()).get('/').set('Accept', accept).buffer(true).parse(multiStatusParser);
      expect(res).toBeMultiStatus();
      expect(res).toHaveEntry('/files/a.txt', 201);
      expect(res).toHaveEntry('/files/b.txt', 423);
      expect(res).not.toHaveEntry('/files/c.txt');
      expect(res).toHavePropStat('/files/', 'displayname', 200);
      expect(res).toHavePropStat('/files/', '{http://example.com/ns/}color', 404);
      expect(res.body.entries[0]).toEqual({ href: '/files/a.txt', status: 201, id: '1', body: { size: 3 } });
    },
  );

  it('reads the JSON summary', async () => {
    const res = await request(app()).get('/').set('Accept', 'application/json').buffer(true).parse(multiStatusParser);
    expect(res).toHaveSummary({ total: 3, succeeded: 2, failed: 1 });
  });

  it('drops 404 propstats under Prefer: return=minimal, as the matchers see', async () => {
    const res = await request(app()).get('/').set('Prefer', 'return=minimal').buffer(true).parse(multiStatusParser);
    expect(res).toBeMultiStatus();
    expect(res).not.toHavePropStat('/files/', '{http://example.com/ns/}color', 404);
    expect(res.headers['preference-applied']).toBe('return=minimal');
  });
});
