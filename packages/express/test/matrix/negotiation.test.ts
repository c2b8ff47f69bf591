import type { Entry } from '@multistatus/core';
import { fetchText } from '../support/fetch-text';
import { describeMatrix } from '../support/matrix';
import { readMultiStatus } from '../support/read-multistatus';

const entries: Entry[] = [
  { href: '/a', status: 201 },
  { href: '/b', status: 422, description: 'name is required' },
];

const propfindEntries: Entry[] = [
  {
    href: '/file',
    propstat: [
      { status: 200, props: { displayname: 'File' } },
      { status: 404, props: { '{urn:x}missing': null } },
    ],
  },
];

function varyFields(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((field) => field.trim().toLowerCase())
    .filter(Boolean);
}

describeMatrix('multiStatus(entries) content negotiation', (framework) => {
  describe('when the client prefers JSON', () => {
    it('answers the canonical JSON form with a summary, and Vary: Accept', async () => {
      const app = framework.createApp({ handle: (route) => route.multiStatus(entries) });
      const res = await fetchText(app.listener, { headers: { Accept: 'application/json, application/xml;q=0.5' } });
      expect(res.status).toBe(207);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(varyFields(res.headers.vary)).toEqual(['accept']);
      expect(JSON.parse(res.text)).toEqual({
        responses: [
          { href: '/a', status: 201 },
          {
            href: '/b',
            status: 422,
            description: 'name is required',
            problem: { type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'name is required' },
          },
        ],
        summary: { total: 2, succeeded: 1, failed: 1 },
      });
    });
  });

  describe('when the client sends no Accept', () => {
    it('answers XML, still with Vary: Accept since the format was negotiated', async () => {
      const app = framework.createApp({ handle: (route) => route.multiStatus(entries) });
      const res = await fetchText(app.listener);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(varyFields(res.headers.vary)).toEqual(['accept']);
    });
  });

  describe('when other middleware already varies the response', () => {
    it('adds Accept to the Vary fields already there', async () => {
      const app = framework.createApp({
        handle: (route) => {
          route.setHeader('Vary', 'Origin');
          return route.multiStatus(entries);
        },
      });
      const res = await fetchText(app.listener);
      expect(varyFields(res.headers.vary)).toEqual(['origin', 'accept']);
    });
  });

  describe('when the route fixes the format', () => {
    it('answers that format whatever the client asks, without Vary: Accept', async () => {
      const app = framework.createApp({ handle: (route) => route.multiStatus(entries, { format: 'json' }) });
      const res = await fetchText(app.listener, { headers: { Accept: 'application/xml' } });
      expect(res.status).toBe(207);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(varyFields(res.headers.vary)).not.toContain('accept');
    });
  });

  describe('when the route reorders or restricts the offered formats', () => {
    it('answers its first format to a client without preference', async () => {
      const app = framework.createApp({ handle: (route) => route.multiStatus(entries, { formats: ['json', 'xml'] }) });
      const res = await fetchText(app.listener, { headers: { Accept: '*/*' } });
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    });

    it('answers its only format even to a client that asks for another, without Vary (RFC 9110 §12.5.1)', async () => {
      const app = framework.createApp({ handle: (route) => route.multiStatus(entries, { formats: ['json'] }) });
      const res = await fetchText(app.listener, { headers: { Accept: 'application/xml' } });
      expect(res.status).toBe(207);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(varyFields(res.headers.vary)).not.toContain('accept');
    });
  });

  describe('when the client sends Prefer: return=minimal (RFC 8144)', () => {
    it('leaves out 404 propstats, sends Preference-Applied and varies on Prefer', async () => {
      const app = framework.createApp({ handle: (route) => route.multiStatus(propfindEntries) });
      const res = await fetchText(app.listener, { headers: { Prefer: 'return=minimal' } });
      expect(res.status).toBe(207);
      expect(res.headers['preference-applied']).toBe('return=minimal');
      expect(varyFields(res.headers.vary)).toEqual(expect.arrayContaining(['accept', 'prefer']));
      expect(readMultiStatus(res.text).responses[0]?.propstat).toEqual([
        { status: 200, props: { '{DAV:}displayname': 'File' } },
      ]);
    });
  });

  describe('when the client sends the older Brief: t', () => {
    it('leaves out 404 propstats without Preference-Applied, and varies on Brief', async () => {
      const app = framework.createApp({ handle: (route) => route.multiStatus(propfindEntries) });
      const res = await fetchText(app.listener, { headers: { Brief: 't' } });
      expect(res.headers['preference-applied']).toBeUndefined();
      expect(varyFields(res.headers.vary)).toEqual(expect.arrayContaining(['brief']));
      expect(readMultiStatus(res.text).responses[0]?.propstat).toHaveLength(1);
    });
  });

  describe('when the client asks for nothing special', () => {
    it('keeps 404 propstats', async () => {
      const app = framework.createApp({ handle: (route) => route.multiStatus(propfindEntries) });
      const res = await fetchText(app.listener);
      expect(res.headers['preference-applied']).toBeUndefined();
      expect(readMultiStatus(res.text).responses[0]?.propstat.map((p) => p.status)).toEqual([200, 404]);
    });
  });

  describe('when the app sets minimal: false', () => {
    it('keeps 404 propstats whatever the client prefers, and does not claim the preference', async () => {
      const app = framework.createApp({
        options: { minimal: false },
        handle: (route) => route.multiStatus(propfindEntries),
      });
      const res = await fetchText(app.listener, { headers: { Prefer: 'return=minimal' } });
      expect(res.headers['preference-applied']).toBeUndefined();
      expect(readMultiStatus(res.text).responses[0]?.propstat.map((p) => p.status)).toEqual([200, 404]);
    });
  });
});
