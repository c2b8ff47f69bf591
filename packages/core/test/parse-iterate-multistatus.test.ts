import { Readable } from 'node:stream';
import {
  type Entry,
  ErrorCodes,
  iterateMultiStatus,
  MULTISTATUS_ITERATE_LIMITS,
  parseMultiStatus,
} from '@multistatus/core';

const MS_OPEN = '<D:multistatus xmlns:D="DAV:" xmlns:É="urn:é">';
const MS_CLOSE = '</D:multistatus>';

function response(i: number): string {
  return `<D:response><D:href>/item-${i}</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>`;
}

async function collect(source: AsyncIterable<Entry>): Promise<Entry[]> {
  const out: Entry[] = [];
  for await (const entry of source) out.push(entry);
  return out;
}

// Multi-byte characters everywhere a split can hurt: text (2, 3 and 4 bytes), a prefix, an element name,
// an attribute value, a character reference.
const SMALL = `<?xml version="1.0" encoding="utf-8"?>
${MS_OPEN}<D:response><D:href>/caf%C3%A9/é☺😀</D:href><D:propstat><D:prop><É:grüße a="ü😀">x é&#x263A;<É:ö/></É:grüße></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>${MS_CLOSE}`;
const SMALL_ENTRIES: Entry[] = [
  {
    href: '/caf%C3%A9/é☺😀',
    propstat: [
      {
        status: 200,
        props: { '{urn:é}grüße': ['x é☺', { name: '{urn:é}ö' }] },
      },
    ],
  },
];

describe('iterateMultiStatus(input)', () => {
  it('yields the same entries as parseMultiStatus, in document order', async () => {
    const body = `${MS_OPEN}${response(1)}${response(2)}${response(3)}${MS_CLOSE}`;
    expect(await collect(iterateMultiStatus(body))).toEqual((await parseMultiStatus(body)).entries);
    expect((await collect(iterateMultiStatus(body))).map((e) => e.href)).toEqual(['/item-1', '/item-2', '/item-3']);
  });

  describe('when the input is split into chunks', () => {
    it('reads the small document the same when split in two at every byte offset', async () => {
      const bytes = Buffer.from(SMALL);
      expect(await collect(iterateMultiStatus(bytes))).toEqual(SMALL_ENTRIES);
      for (let cut = 0; cut <= bytes.length; cut++) {
        const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];
        expect(await collect(iterateMultiStatus(chunks))).toEqual(SMALL_ENTRIES);
      }
    });

    it('reads it the same from one-byte chunks and from a stream of strings split at every character', async () => {
      const bytes = Buffer.from(SMALL);
      const oneByte = Array.from(bytes, (_b, i) => bytes.subarray(i, i + 1));
      expect(await collect(iterateMultiStatus(Readable.from(oneByte)))).toEqual(SMALL_ENTRIES);
      expect(await collect(iterateMultiStatus(Array.from(SMALL)))).toEqual(SMALL_ENTRIES);
    });

    it('parseMultiStatus reads it the same when split in three at many offsets', async () => {
      const bytes = Buffer.from(SMALL);
      for (let a = 0; a < bytes.length; a += 7) {
        for (let b = a; b < bytes.length; b += 11) {
          const { entries } = await parseMultiStatus([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]);
          expect(entries).toEqual(SMALL_ENTRIES);
        }
      }
    });
  });

  describe('when the consumer reads slowly', () => {
    it('reads the input only as entries are consumed', async () => {
      let pulled = 0;
      async function* source() {
        yield MS_OPEN;
        for (let i = 0; i < 1000; i++) {
          pulled++;
          yield response(i);
        }
        yield MS_CLOSE;
      }
      const iterator = iterateMultiStatus(source())[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.value).toEqual({ href: '/item-0', status: 200 });
      expect(pulled).toBeLessThan(5);
      await iterator.return?.();
    });

    it('reads a single-string document larger than one 64 KiB slice, every entry in order', async () => {
      const body = `${MS_OPEN}${Array.from({ length: 5000 }, (_v, i) => response(i)).join('')}${MS_CLOSE}`;
      expect(body.length).toBeGreaterThan(4 * 64 * 1024);
      const hrefs: string[] = [];
      for await (const entry of iterateMultiStatus(body)) hrefs.push(entry.href);
      expect(hrefs).toEqual(Array.from({ length: 5000 }, (_v, i) => `/item-${i}`));
    });
  });

  describe('when the consumer stops early', () => {
    it('closes the source stream', async () => {
      const stream = Readable.from(
        (function* () {
          yield MS_OPEN;
          for (let i = 0; i < 100_000; i++) yield response(i);
          yield MS_CLOSE;
        })(),
      );
      for await (const entry of iterateMultiStatus(stream)) {
        if (entry.href === '/item-2') break;
      }
      expect(stream.destroyed).toBe(true);
    });
  });

  describe('when the document is bad after some entries', () => {
    it('yields the entries before the problem, then throws it', async () => {
      const body = `${MS_OPEN}${response(1)}${response(2)}<D:response><D:href>/x</D:href></D:oops>`;
      const seen: string[] = [];
      await expect(
        (async () => {
          for await (const entry of iterateMultiStatus(body)) seen.push(entry.href);
        })(),
      ).rejects.toMatchObject({ name: 'MultiStatusParseError', code: ErrorCodes.PARSE_MALFORMED });
      expect(seen).toEqual(['/item-1', '/item-2']);
    });

    it('throws at the end when the document is truncated', async () => {
      const seen: string[] = [];
      await expect(
        (async () => {
          for await (const entry of iterateMultiStatus(`${MS_OPEN}${response(1)}`)) seen.push(entry.href);
        })(),
      ).rejects.toMatchObject({ code: ErrorCodes.PARSE_MALFORMED, message: expect.stringContaining('Unclosed root') });
      expect(seen).toEqual(['/item-1']);
    });

    it('throws an empty document', async () => {
      await expect(collect(iterateMultiStatus(''))).rejects.toMatchObject({ code: ErrorCodes.PARSE_MALFORMED });
    });
  });

  describe('limits', () => {
    it('has no byte or entry limit by default, since it holds one entry at a time', async () => {
      expect(MULTISTATUS_ITERATE_LIMITS.maxBytes).toBe(Number.POSITIVE_INFINITY);
      expect(MULTISTATUS_ITERATE_LIMITS.maxEntries).toBe(Number.POSITIVE_INFINITY);
      expect(MULTISTATUS_ITERATE_LIMITS.maxDepth).toBe(256);
    });

    it('applies the limits it is given, after the entries before the limit', async () => {
      const body = `${MS_OPEN}${response(1)}${response(2)}${response(3)}${MS_CLOSE}`;
      const seen: string[] = [];
      await expect(
        (async () => {
          for await (const entry of iterateMultiStatus(body, { maxEntries: 2 })) seen.push(entry.href);
        })(),
      ).rejects.toMatchObject({ code: ErrorCodes.PARSE_LIMIT });
      expect(seen).toEqual(['/item-1', '/item-2']);
      await expect(collect(iterateMultiStatus(body, { maxBytes: 100 }))).rejects.toMatchObject({
        code: ErrorCodes.PARSE_LIMIT,
      });
    });
  });

  it('rejects invalid limits when called, before any reading', () => {
    expect(() => iterateMultiStatus('', { maxEntries: -1 })).toThrow(
      expect.objectContaining({ code: ErrorCodes.INVALID_OPTION }),
    );
  });
});
