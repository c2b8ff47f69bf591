import { Readable } from 'node:stream';
import {
  ErrorCodes,
  iterateMultiStatus,
  MultiStatusParseError,
  type ParseInput,
  type ParseOptions,
  parseMultiStatus,
  parseMultiStatusSync,
  parsePropfind,
} from '@multistatus/core';

const MS_OPEN = '<D:multistatus xmlns:D="DAV:">';
const MS_CLOSE = '</D:multistatus>';
const RESPONSE = '<D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>';

async function parseError(input: ParseInput, options?: ParseOptions): Promise<MultiStatusParseError> {
  try {
    await parseMultiStatus(input, options);
  } catch (err) {
    if (err instanceof MultiStatusParseError) return err;
    throw err;
  }
  throw new Error('expected a MultiStatusParseError');
}

/** A source that counts the chunks pulled from it, to show a parser stops reading at the first problem. */
function countingSource(first: string, repeated: string, times: number, last = '') {
  const source = {
    pulled: 0,
    async *[Symbol.asyncIterator]() {
      source.pulled++;
      yield first;
      for (let i = 0; i < times; i++) {
        source.pulled++;
        yield repeated;
      }
      source.pulled++;
      yield last;
    },
  };
  return source;
}

describe('parseMultiStatus(input) with hostile input', () => {
  describe('when the document declares entities (billion laughs)', () => {
    const billionLaughs = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE lolz [',
      ' <!ENTITY lol "lol">',
      ' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
      ' <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">',
      ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">',
      ' <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">',
      ']>',
      `${MS_OPEN}<D:response><D:href>&lol9;</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>${MS_CLOSE}`,
    ].join('\n');

    it('refuses the DOCTYPE with PARSE_DOCTYPE before any entity is used', async () => {
      const err = await parseError(billionLaughs);
      expect(err.code).toBe(ErrorCodes.PARSE_DOCTYPE);
      expect(err.line).toBe(8);
      expect(err.status).toBe(400);
    });

    it('refuses it from iterateMultiStatus too, yielding nothing', async () => {
      const seen: unknown[] = [];
      await expect(
        (async () => {
          for await (const entry of iterateMultiStatus(billionLaughs)) seen.push(entry);
        })(),
      ).rejects.toMatchObject({ code: ErrorCodes.PARSE_DOCTYPE });
      expect(seen).toEqual([]);
    });
  });

  describe('when the document declares an external entity pointing at a local file', () => {
    it('refuses it with PARSE_DOCTYPE and never reads the file', async () => {
      const xxe =
        '<?xml version="1.0"?>\n<!DOCTYPE D:multistatus [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n' +
        `${MS_OPEN}<D:response><D:href>/&xxe;</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>${MS_CLOSE}`;
      const err = await parseError(xxe);
      expect(err.code).toBe(ErrorCodes.PARSE_DOCTYPE);
      expect(err.message).not.toContain('root:');
    });

    it('refuses a DOCTYPE with only an external subset', async () => {
      const err = await parseError(`<!DOCTYPE D:multistatus SYSTEM "file:///etc/passwd">${MS_OPEN}${MS_CLOSE}`);
      expect(err.code).toBe(ErrorCodes.PARSE_DOCTYPE);
    });

    it('refuses a DOCTYPE that is still open when the input has been read so far', async () => {
      const source = countingSource('<!DOCTYPE x [', '<!-- padding -->'.repeat(10_000), 100, ']>');
      const err = await parseError(source);
      expect(err.code).toBe(ErrorCodes.PARSE_DOCTYPE);
      expect(source.pulled).toBeLessThan(5);
    });

    it('refuses an entity declaration outside a DOCTYPE', async () => {
      const err = await parseError(`<!ENTITY x SYSTEM "file:///etc/passwd">${MS_OPEN}${MS_CLOSE}`);
      expect(err.code).toBe(ErrorCodes.PARSE_DOCTYPE);
    });

    it('refuses a reference to an undeclared entity, and HTML entities, with PARSE_MALFORMED', async () => {
      const body = (text: string) =>
        `${MS_OPEN}<D:response><D:href>${text}</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>${MS_CLOSE}`;
      expect((await parseError(body('/&xxe;'))).code).toBe(ErrorCodes.PARSE_MALFORMED);
      expect((await parseError(body('/a&nbsp;b'))).code).toBe(ErrorCodes.PARSE_MALFORMED);
      expect((await parseError(body('/&#0;'))).code).toBe(ErrorCodes.PARSE_MALFORMED);
    });
  });

  describe('when elements are nested 200,000 deep', () => {
    const deep = `${MS_OPEN}${'<D:x>'.repeat(200_000)}${'</D:x>'.repeat(200_000)}${MS_CLOSE}`;

    it('stops at maxDepth (default 256) with PARSE_LIMIT', async () => {
      const err = await parseError(deep);
      expect(err.code).toBe(ErrorCodes.PARSE_LIMIT);
      expect(err.message).toContain('maxDepth (256)');
      expect(err.column).toBeLessThan(256 * 5 + 40);
    });

    it('stops inside a property value as well, at the configured depth', async () => {
      const inValue =
        `${MS_OPEN}<D:response><D:href>/a</D:href><D:propstat><D:prop><D:p>${'<D:x>'.repeat(200_000)}` +
        `${'</D:x>'.repeat(200_000)}</D:p></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>${MS_CLOSE}`;
      const err = await parseError(inValue, { maxDepth: 10 });
      expect(err.code).toBe(ErrorCodes.PARSE_LIMIT);
      expect(err.message).toContain('maxDepth (10)');
    });

    it('stops a request body at its smaller default (64)', async () => {
      await expect(parsePropfind(`<D:propfind xmlns:D="DAV:">${'<D:x>'.repeat(200_000)}`)).rejects.toMatchObject({
        code: ErrorCodes.PARSE_LIMIT,
        message: expect.stringContaining('maxDepth (64)'),
      });
    });
  });

  describe('when a text node is 50 MB long', () => {
    it('stops at maxTextLength (default 10 MiB) with PARSE_LIMIT, without reading the rest', async () => {
      const megabyte = 'a'.repeat(1024 * 1024);
      const source = countingSource(`${MS_OPEN}<D:response><D:href>/`, megabyte, 50, `</D:href>${MS_CLOSE}`);
      const err = await parseError(source);
      expect(err.code).toBe(ErrorCodes.PARSE_LIMIT);
      expect(err.message).toContain('maxTextLength');
      expect(source.pulled).toBeLessThanOrEqual(12);
    });

    it('stops a whole 50 MB string the same way', async () => {
      const huge = `${MS_OPEN}<D:response><D:href>/${'b'.repeat(50 * 1024 * 1024)}</D:href>${MS_CLOSE}`;
      const err = await parseError(huge, { maxTextLength: 1024 * 1024 });
      expect(err.code).toBe(ErrorCodes.PARSE_LIMIT);
      expect(err.message).toContain('maxTextLength (1048576');
    });
  });

  describe('when a name, attribute value or comment is longer than 64 KiB', () => {
    it('rejects it with PARSE_LIMIT', async () => {
      const attr = await parseError(`<D:multistatus xmlns:D="DAV:" a="${'x'.repeat(200_000)}">${MS_CLOSE}`);
      expect(attr.code).toBe(ErrorCodes.PARSE_LIMIT);
      const comment = await parseError(`${MS_OPEN}<!--${'x'.repeat(200_000)}-->${MS_CLOSE}`);
      expect(comment.code).toBe(ErrorCodes.PARSE_LIMIT);
    });
  });

  describe('when the input is larger than maxBytes', () => {
    it('stops reading as soon as the limit is passed', async () => {
      const source = countingSource(MS_OPEN, RESPONSE.repeat(1000), 1000, MS_CLOSE);
      const err = await parseError(source, { maxBytes: 1024 * 1024 });
      expect(err.code).toBe(ErrorCodes.PARSE_LIMIT);
      expect(err.message).toContain('maxBytes (1048576)');
      expect(source.pulled).toBeLessThan(20);
    });

    it('counts UTF-8 bytes, not characters, for string input', async () => {
      const body = `${MS_OPEN}<D:response><D:href>/${'é'.repeat(600)}</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>${MS_CLOSE}`;
      expect((await parseError(body, { maxBytes: 1100 })).code).toBe(ErrorCodes.PARSE_LIMIT);
      await expect(parseMultiStatus(body, { maxBytes: 1400 })).resolves.toBeDefined();
    });
  });

  describe('when there are more entries than maxEntries', () => {
    it('rejects the document with PARSE_LIMIT, counting one entry per href', async () => {
      const twoHrefs =
        '<D:response><D:href>/a</D:href><D:href>/b</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>';
      const err = await parseError(`${MS_OPEN}${twoHrefs}${twoHrefs}${MS_CLOSE}`, { maxEntries: 3 });
      expect(err.code).toBe(ErrorCodes.PARSE_LIMIT);
      expect(err.message).toContain('maxEntries (3)');
      await expect(
        parseMultiStatus(`${MS_OPEN}${twoHrefs}${twoHrefs}${MS_CLOSE}`, { maxEntries: 4 }),
      ).resolves.toMatchObject({
        entries: [{ href: '/a' }, { href: '/b' }, { href: '/a' }, { href: '/b' }],
      });
    });
  });

  describe('when the document is truncated', () => {
    const whole = `<?xml version="1.0"?>\n${MS_OPEN}<D:response><D:href>/é</D:href><D:propstat><D:prop><D:getetag>"1"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>${MS_CLOSE}`;

    it('rejects every proper prefix of a valid document, never returning partial entries', async () => {
      await expect(parseMultiStatus(whole)).resolves.toBeDefined();
      const bytes = Buffer.from(whole);
      for (let cut = 0; cut < bytes.length; cut++) {
        const err = await parseError(bytes.subarray(0, cut));
        expect([ErrorCodes.PARSE_MALFORMED, ErrorCodes.PARSE_INVALID]).toContain(err.code);
      }
    });

    it('says where it ended', async () => {
      const err = await parseError(whole.slice(0, whole.indexOf('</D:response>')));
      expect(err.message).toContain('Unclosed root tag');
      expect(err.line).toBe(2);
    });
  });

  describe('when a start-tag names one attribute twice (XML 1.0 §3.1)', () => {
    const doc = (tag: string) =>
      `${MS_OPEN}\n<D:response><D:href>/a</D:href><D:propstat><D:prop>${tag}</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>${MS_CLOSE}`;

    it('rejects it with PARSE_MALFORMED, naming the attribute and the line, instead of keeping one value', async () => {
      const err = await parseError(doc('<D:x a="1" a="2"/>'));
      expect(err.code).toBe(ErrorCodes.PARSE_MALFORMED);
      expect(err.message).toContain('"a"');
      expect(err.line).toBe(2);
      expect(() => parseMultiStatusSync(doc('<D:x a="1" b="2" a="3">t</D:x>'))).toThrow(/"a" is given twice/);
    });
    it('rejects a namespace declared twice on one element', async () => {
      expect((await parseError(doc('<D:x xmlns:E="urn:e" xmlns:E="urn:f"/>'))).message).toContain('"xmlns:E"');
    });
    it('still reads the same name on different elements, and different names on one', async () => {
      const [entry] = (await parseMultiStatus(doc('<D:p><D:x a="1" b="2"><D:y a="3"/></D:x></D:p>'))).entries;
      expect(entry!.propstat![0]!.props['{DAV:}p']).toEqual({
        name: '{DAV:}x',
        attrs: { a: '1', b: '2' },
        children: [{ name: '{DAV:}y', attrs: { a: '3' } }],
      });
    });
  });

  describe('when the root element is not DAV:multistatus', () => {
    it.each([
      ['an HTML page', '<html><body>Bad gateway</body></html>'],
      ['a DAV:error body', '<D:error xmlns:D="DAV:"><D:lock-token-submitted/></D:error>'],
      ['multistatus in another namespace', '<multistatus xmlns="urn:not-dav"/>'],
    ])('rejects %s with PARSE_WRONG_ROOT at the root', async (_what, body) => {
      const err = await parseError(body);
      expect(err.code).toBe(ErrorCodes.PARSE_WRONG_ROOT);
      expect(err.line).toBe(1);
    });

    it('rejects a JSON body as not XML', async () => {
      expect((await parseError('{"responses":[]}')).code).toBe(ErrorCodes.PARSE_MALFORMED);
    });
  });

  describe('when the bytes are not UTF-8', () => {
    const latin1 = Buffer.concat([
      Buffer.from(`${MS_OPEN}\n<D:response><D:href>/caf`),
      Buffer.from([0xe9]),
      Buffer.from(`</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>${MS_CLOSE}`),
    ]);

    it('rejects a Latin-1 byte with PARSE_MALFORMED, pointing at it', async () => {
      const err = await parseError(latin1);
      expect(err.code).toBe(ErrorCodes.PARSE_MALFORMED);
      expect(err.message).toContain('not valid UTF-8');
      expect(err.line).toBe(2);
      expect(err.column).toBe('<D:response><D:href>/caf'.length);
    });

    it('rejects it when it arrives in a stream of small chunks', async () => {
      const chunks = [];
      for (let i = 0; i < latin1.length; i += 7) chunks.push(latin1.subarray(i, i + 7));
      expect((await parseError(Readable.from(chunks))).code).toBe(ErrorCodes.PARSE_MALFORMED);
    });

    it.each([
      ['an overlong encoding', [0xc0, 0xaf]],
      ['an encoded surrogate', [0xed, 0xa0, 0x80]],
      ['a stray continuation byte', [0x80]],
      ['a UTF-16 byte order mark', [0xff, 0xfe]],
    ])('rejects %s', async (_what, bad) => {
      const body = Buffer.concat([Buffer.from(bad), Buffer.from(`${MS_OPEN}${MS_CLOSE}`)]);
      expect((await parseError(body)).code).toBe(ErrorCodes.PARSE_MALFORMED);
    });

    it('rejects a multi-byte character cut off at the end of the input', async () => {
      const body = Buffer.concat([Buffer.from(`${MS_OPEN}${MS_CLOSE}`), Buffer.from([0xe2, 0x98])]);
      const err = await parseError([body]);
      expect(err.code).toBe(ErrorCodes.PARSE_MALFORMED);
      expect(err.message).toContain('ends inside a character');
    });
  });
});
