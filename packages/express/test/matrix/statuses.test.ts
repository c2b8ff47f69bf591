import type { Entry } from '@multistatus/core';
import { MultiStatusCollector } from '@multistatus/core';
import { fetchText } from '../support/fetch-text';
import { describeMatrix } from '../support/matrix';
import { readMultiStatus } from '../support/read-multistatus';

const HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">\n';
const TAIL = '</D:multistatus>\n';

const threeEntries: Entry[] = [
  { href: '/a', status: 200 },
  { href: '/b', status: 404, description: 'gone' },
  { href: '/c', status: 301, location: '/d' },
];
const threeEntriesXml =
  `${HEAD}<D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>\n` +
  '<D:response><D:href>/b</D:href><D:status>HTTP/1.1 404 Not Found</D:status>' +
  '<D:responsedescription>gone</D:responsedescription></D:response>\n' +
  '<D:response><D:href>/c</D:href><D:status>HTTP/1.1 301 Moved Permanently</D:status>' +
  `<D:location><D:href>/d</D:href></D:location></D:response>\n${TAIL}`;

describeMatrix('multiStatus(entries)', (framework) => {
  describe('when given an array of entries', () => {
    it('answers 207 with the RFC 4918 document, literally', async () => {
      const app = framework.createApp({ handle: (route) => route.multiStatus(threeEntries) });
      const res = await fetchText(app.listener);
      expect(res.status).toBe(207);
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(res.text).toBe(threeEntriesXml);
      expect(res.headers['content-length']).toBe(String(Buffer.byteLength(threeEntriesXml)));
    });

    it('writes every status so that an independent parser reads it back', async () => {
      const statuses = [200, 201, 204, 207, 304, 400, 403, 409, 422, 423, 424, 500, 507, 599];
      const entries: Entry[] = statuses.map((status) => ({ href: `/r/${status}`, status }));
      entries.push({
        href: '/props',
        propstat: [
          { status: 200, props: { displayname: 'Props', '{http://example.com/ns/}color': 'blue' } },
          { status: 403, props: { getetag: null } },
        ],
      });
      const app = framework.createApp({ handle: (route) => route.multiStatus(entries) });
      const doc = readMultiStatus((await fetchText(app.listener)).text);
      expect(doc.root).toBe('{DAV:}multistatus');
      expect(doc.responses.slice(0, -1).map((r) => [r.hrefs[0], r.status])).toEqual(
        statuses.map((status) => [`/r/${status}`, status]),
      );
      expect(doc.responses.at(-1)).toEqual({
        hrefs: ['/props'],
        propstat: [
          { status: 200, props: { '{DAV:}displayname': 'Props', '{http://example.com/ns/}color': 'blue' } },
          { status: 403, props: { '{DAV:}getetag': null } },
        ],
      });
    });

    it('answers 207 even when every entry failed', async () => {
      const app = framework.createApp({ handle: (route) => route.multiStatus([{ href: '/x', status: 500 }]) });
      const res = await fetchText(app.listener);
      expect(res.status).toBe(207);
      expect(readMultiStatus(res.text).responses).toEqual([{ hrefs: ['/x'], status: 500, propstat: [] }]);
    });
  });

  describe('when given a generator, an async iterable, a collector or a producer function', () => {
    function* generator(): Generator<Entry> {
      yield* threeEntries;
    }
    async function* asyncGenerator(): AsyncGenerator<Entry> {
      for (const entry of threeEntries) {
        await new Promise((resolve) => setImmediate(resolve));
        yield entry;
      }
    }
    const collector = () => {
      const c = new MultiStatusCollector();
      for (const entry of threeEntries) c.add(entry);
      return c;
    };
    const sources = [
      ['a generator', () => generator()],
      ['an async generator', () => asyncGenerator()],
      ['a collector', collector],
      ['a producer function', () => () => asyncGenerator()],
    ] as const;

    it.each(sources)('writes the same document from %s', async (_name, source) => {
      const app = framework.createApp({ handle: (route) => route.multiStatus(source()) });
      const res = await fetchText(app.listener);
      expect(res.status).toBe(207);
      expect(res.text).toBe(threeEntriesXml);
    });

    it('hands a producer an AbortSignal that stays quiet when the response completes', async () => {
      let signal: AbortSignal | undefined;
      const app = framework.createApp({
        handle: (route) =>
          route.multiStatus((context) => {
            signal = context.signal;
            return asyncGenerator();
          }),
      });
      expect((await fetchText(app.listener)).status).toBe(207);
      expect(signal).toBeInstanceOf(AbortSignal);
      expect(signal?.aborted).toBe(false);
    });
  });

  describe('when Location was set before the call', () => {
    it('removes it (RFC 4918 §13.1: Location has no meaning on a 207)', async () => {
      const app = framework.createApp({
        handle: (route) => {
          route.setHeader('Location', '/elsewhere');
          return route.multiStatus(threeEntries);
        },
      });
      const res = await fetchText(app.listener);
      expect(res.status).toBe(207);
      expect(res.headers.location).toBeUndefined();
    });
  });

  describe('when other middleware sets Location as the headers go out', () => {
    it('keeps it off the 207 whether the entries are written at once or streamed', async () => {
      for (const entries of [
        threeEntries,
        (async function* () {
          yield* threeEntries;
        })(),
      ]) {
        const app = framework.createApp({
          // As on-headers users do: wrap writeHead and set a header when it runs.
          upstream: (res) => {
            const writeHead = res.writeHead;
            res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
              this.setHeader('Location', '/set-at-header-time');
              this.setHeader('X-Upstream', 'ran');
              return writeHead.apply(this, args);
            } as typeof writeHead;
          },
          handle: (route) => route.multiStatus(entries),
        });
        const res = await fetchText(app.listener);
        expect(res.status).toBe(207);
        expect(res.headers['x-upstream']).toBe('ran');
        expect(res.headers.location).toBeUndefined();
      }
    });
  });

  describe('with app-level options and per-call options', () => {
    const ns = 'http://example.com/ns/';
    const other = 'urn:example:other';

    it('declares the app’s registered namespaces once on the root', async () => {
      const app = framework.createApp({
        options: { namespaces: { E: ns } },
        handle: (route) =>
          route.multiStatus([{ href: '/a', propstat: [{ status: 200, props: { [`{${ns}}color`]: 'blue' } }] }]),
      });
      const res = await fetchText(app.listener);
      expect(res.text).toBe(
        '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:" xmlns:E="http://example.com/ns/">\n' +
          '<D:response><D:href>/a</D:href><D:propstat><D:prop><E:color>blue</E:color></D:prop>' +
          `<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>\n${TAIL}`,
      );
    });

    it('adds a route’s namespaces to the app’s, and lets a call override the rest', async () => {
      const app = framework.createApp({
        options: { namespaces: { E: ns }, description: 'app default', format: 'json' },
        handle: (route) =>
          route.multiStatus([{ href: '/a', status: 200 }], {
            namespaces: { O: other },
            description: 'per call',
            format: 'xml',
          }),
      });
      const doc = readMultiStatus((await fetchText(app.listener)).text);
      expect(doc.declarations).toEqual({ D: 'DAV:', E: ns, O: other });
      expect(doc.description).toBe('per call');
    });

    it('uses the app’s defaults when a call gives none', async () => {
      const app = framework.createApp({
        options: { description: 'app default', format: 'json' },
        handle: (route) => route.multiStatus([{ href: '/a', status: 200 }]),
      });
      const res = await fetchText(app.listener);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(res.text)).toMatchObject({ description: 'app default' });
    });
  });

  describe('when a string holds characters XML 1.0 cannot carry', () => {
    const odd = [{ href: '/a', status: 200, description: 'bell\u0007here' }];

    it('replaces them with U+FFFD by default, so the document stays well-formed', async () => {
      const app = framework.createApp({ handle: (route) => route.multiStatus(odd) });
      const doc = readMultiStatus((await fetchText(app.listener)).text);
      expect(doc.responses[0]?.description).toBe('bell\uFFFDhere');
    });

    it('strips them when the app says invalidChars: strip', async () => {
      const app = framework.createApp({
        options: { invalidChars: 'strip' },
        handle: (route) => route.multiStatus(odd),
      });
      const doc = readMultiStatus((await fetchText(app.listener)).text);
      expect(doc.responses[0]?.description).toBe('bellhere');
    });
  });
});
