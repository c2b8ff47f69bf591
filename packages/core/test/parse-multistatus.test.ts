import { Readable } from 'node:stream';
import { type Entry, ErrorCodes, MultiStatusError, MultiStatusParseError, parseMultiStatus } from '@multistatus/core';

const MS_OPEN = '<D:multistatus xmlns:D="DAV:">';
const MS_CLOSE = '</D:multistatus>';

function doc(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${MS_OPEN}${body}${MS_CLOSE}`;
}

async function entriesOf(body: string): Promise<Entry[]> {
  return (await parseMultiStatus(doc(body))).entries;
}

async function parseError(input: Parameters<typeof parseMultiStatus>[0]): Promise<MultiStatusParseError> {
  try {
    await parseMultiStatus(input);
  } catch (err) {
    if (err instanceof MultiStatusParseError) return err;
    throw err;
  }
  throw new Error('expected a MultiStatusParseError');
}

describe('parseMultiStatus(input)', () => {
  describe('when a response has one href and a status', () => {
    it('returns one entry with the status as a number', async () => {
      const entries = await entriesOf(
        '<D:response><D:href>/a</D:href><D:status>HTTP/1.1 201 Created</D:status></D:response>',
      );
      expect(entries).toEqual([{ href: '/a', status: 201 }]);
    });
  });

  describe('when a response has several hrefs and one status (RFC 4918 §14.24)', () => {
    it('returns one entry per href, in order, each with the status', async () => {
      const entries = await entriesOf(
        '<D:response><D:href>/a</D:href><D:href>/b</D:href><D:href>/c</D:href>' +
          '<D:status>HTTP/1.1 423 Locked</D:status><D:error><D:lock-token-submitted/></D:error></D:response>',
      );
      expect(entries).toEqual([
        { href: '/a', status: 423, error: { name: '{DAV:}lock-token-submitted' } },
        { href: '/b', status: 423, error: { name: '{DAV:}lock-token-submitted' } },
        { href: '/c', status: 423, error: { name: '{DAV:}lock-token-submitted' } },
      ]);
    });

    it('gives each entry its own copy of shared values', async () => {
      const entries = await entriesOf(
        '<D:response><D:href>/a</D:href><D:href>/b</D:href><D:status>HTTP/1.1 423 Locked</D:status>' +
          '<D:error><D:lock-token-submitted/></D:error></D:response>',
      );
      expect(entries[0]?.error).not.toBe(entries[1]?.error);
    });
  });

  describe('when a response has several propstats', () => {
    it('keeps every propstat with its own status, in order, never merged', async () => {
      const entries = await entriesOf(
        '<D:response><D:href>/a</D:href>' +
          '<D:propstat><D:prop><D:displayname>A</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>' +
          '<D:propstat><D:prop><D:getetag/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>' +
          '<D:propstat><D:prop><D:displayname/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status></D:propstat>' +
          '</D:response>',
      );
      expect(entries).toEqual([
        {
          href: '/a',
          propstat: [
            { status: 200, props: { '{DAV:}displayname': 'A' } },
            { status: 404, props: { '{DAV:}getetag': null } },
            { status: 403, props: { '{DAV:}displayname': null } },
          ],
        },
      ]);
    });
  });

  describe('status lines', () => {
    it.each([
      ['HTTP/1.1 200 OK', 200],
      ['HTTP/1.1 200', 200],
      ['HTTP/2 404', 404],
      ['HTTP/1.0 507 Insufficient Storage', 507],
      ['  HTTP/1.1   424   Failed Dependency  ', 424],
      ['\n      HTTP/1.1 409 Conflict\n    ', 409],
      ['HTTP/1.1 599 Something Nobody Registered', 599],
    ])('reads %j as %d', async (line, status) => {
      const entries = await entriesOf(`<D:response><D:href>/a</D:href><D:status>${line}</D:status></D:response>`);
      expect(entries[0]?.status).toBe(status);
    });

    it.each([['200 OK'], ['HTTP/1.1 OK'], ['HTTP/1.1 20'], ['HTTP/1.1 2000 OK'], ['']])(
      'rejects %j as not a status line, with PARSE_INVALID',
      async (line) => {
        const err = await parseError(doc(`<D:response><D:href>/a</D:href><D:status>${line}</D:status></D:response>`));
        expect(err.code).toBe(ErrorCodes.PARSE_INVALID);
        expect(err.message).toContain('is not an HTTP status line');
      },
    );
  });

  describe('namespaces', () => {
    it('reads DAV: under any prefix, and under a default namespace', async () => {
      const a = await parseMultiStatus(
        '<x:multistatus xmlns:x="DAV:"><x:response><x:href>/a</x:href><x:status>HTTP/1.1 204 No Content</x:status></x:response></x:multistatus>',
      );
      const b = await parseMultiStatus(
        '<multistatus xmlns="DAV:"><response><href>/a</href><status>HTTP/1.1 204 No Content</status></response></multistatus>',
      );
      expect(a.entries).toEqual([{ href: '/a', status: 204 }]);
      expect(b.entries).toEqual(a.entries);
    });

    it('resolves prefixes redeclared on inner elements, and undeclared default namespaces', async () => {
      const entries = await entriesOf(
        '<D:response xmlns:E="urn:one"><D:href>/a</D:href><D:propstat><D:prop>' +
          '<E:x/><E:y xmlns:E="urn:two"/><z xmlns=""/><w xmlns="urn:three"><v/></w>' +
          '</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>',
      );
      expect(entries[0]?.propstat?.[0]?.props).toEqual({
        '{urn:one}x': null,
        '{urn:two}y': null,
        '{}z': null,
        '{urn:three}w': { name: '{urn:three}v' },
      });
    });

    it('does not take an element in another namespace that is called "response" for a response', async () => {
      const entries = await entriesOf(
        '<X:response xmlns:X="urn:x"><D:href>/ignored</D:href></X:response>' +
          '<D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>',
      );
      expect(entries).toEqual([{ href: '/a', status: 200 }]);
    });

    it('ignores xml:lang and other attributes on structural elements and property elements', async () => {
      const entries = await entriesOf(
        '<D:response xml:lang="en" foo="bar"><D:href xml:space="preserve">/a</D:href><D:propstat>' +
          '<D:prop><D:displayname xml:lang="fr">Été</D:displayname></D:prop>' +
          '<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>',
      );
      expect(entries).toEqual([{ href: '/a', propstat: [{ status: 200, props: { '{DAV:}displayname': 'Été' } }] }]);
    });

    it('keeps attributes inside XML values, by Clark name, bare when they have no namespace', async () => {
      const entries = await entriesOf(
        '<D:response><D:href>/a</D:href><D:propstat><D:prop><E:p xmlns:E="urn:e">' +
          '<E:item id="1" E:kind="k" xml:lang="en">x</E:item></E:p></D:prop>' +
          '<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>',
      );
      expect(entries[0]?.propstat?.[0]?.props['{urn:e}p']).toEqual({
        name: '{urn:e}item',
        attrs: { id: '1', '{urn:e}kind': 'k', '{http://www.w3.org/XML/1998/namespace}lang': 'en' },
        children: ['x'],
      });
    });

    it('rejects an unbound prefix with PARSE_MALFORMED', async () => {
      const err = await parseError(doc('<D:response><Q:href>/a</Q:href></D:response>'));
      expect(err.code).toBe(ErrorCodes.PARSE_MALFORMED);
      expect(err.message).toContain('Unbound namespace prefix "Q"');
      expect(err.line).toBe(2);
    });
  });

  describe('property values', () => {
    async function propValue(inner: string): Promise<unknown> {
      const entries = await entriesOf(
        `<D:response><D:href>/a</D:href><D:propstat><D:prop><E:p xmlns:E="urn:e">${inner}</E:p></D:prop>` +
          '<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>',
      );
      return entries[0]?.propstat?.[0]?.props['{urn:e}p'];
    }

    it('keeps text as text, never guessing numbers or booleans', async () => {
      expect(await propValue('2024.10')).toBe('2024.10');
      expect(await propValue('007')).toBe('007');
      expect(await propValue('true')).toBe('true');
    });

    it('reads an empty element as null', async () => {
      expect(await propValue('')).toBeNull();
    });

    it('keeps whitespace-only text exactly', async () => {
      expect(await propValue('  ')).toBe('  ');
    });

    it('normalises CRLF and lone CR line breaks to LF (XML 1.0 §2.11), but keeps a CR written as &#13;', async () => {
      expect(await propValue('a\r\nb\rc\nd&#13;&#xD;\n')).toBe('a\nb\nc\nd\r\r\n');
    });

    it('normalises a CRLF split across two chunks to one LF', async () => {
      const body = doc(
        '<D:response><D:href>/a</D:href><D:propstat><D:prop><D:x>1\r\n2</D:x></D:prop>' +
          '<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>',
      );
      const cut = body.indexOf('\n2');
      const { entries } = await parseMultiStatus([body.slice(0, cut), body.slice(cut)]);
      expect(entries[0]?.propstat?.[0]?.props['{DAV:}x']).toBe('1\n2');
      const bytes = Buffer.from(body);
      const split = await parseMultiStatus([bytes.subarray(0, cut), Buffer.alloc(0), '', bytes.subarray(cut)]);
      expect(split.entries).toEqual(entries);
    });

    it('joins text, references and CDATA into one string', async () => {
      expect(await propValue('a &amp; b &lt;c&gt; &#233;&#x263A; <![CDATA[<raw> & ]]>end')).toBe(
        'a & b <c> é☺ <raw> & end',
      );
    });

    it('returns one element when the value holds one element and layout whitespace', async () => {
      expect(await propValue('\n  <E:x>1</E:x>\n')).toEqual({ name: '{urn:e}x', children: ['1'] });
    });

    it('returns an array when the value holds several elements, dropping whitespace between them', async () => {
      expect(await propValue('\n  <E:x/>\n  <E:y/>\n')).toEqual([{ name: '{urn:e}x' }, { name: '{urn:e}y' }]);
    });

    it('keeps non-whitespace text mixed with elements exactly', async () => {
      expect(await propValue(' a <E:x/> b ')).toEqual([' a ', { name: '{urn:e}x' }, ' b ']);
    });

    it('builds nested elements with children and no empty keys', async () => {
      expect(await propValue('<E:x><E:y><E:z/></E:y>t</E:x>')).toEqual({
        name: '{urn:e}x',
        children: [{ name: '{urn:e}y', children: [{ name: '{urn:e}z' }] }, 't'],
      });
    });

    it('ignores comments and processing instructions inside values', async () => {
      expect(await propValue('a<!-- note -->b<?pi x?>c')).toBe('abc');
    });

    it('rejects a property listed twice in one propstat with PARSE_INVALID', async () => {
      const err = await parseError(
        doc(
          '<D:response><D:href>/a</D:href><D:propstat><D:prop><D:getetag>1</D:getetag><D:getetag>2</D:getetag>' +
            '</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>',
        ),
      );
      expect(err.code).toBe(ErrorCodes.PARSE_INVALID);
      expect(err.message).toContain('{DAV:}getetag appears twice');
    });
  });

  describe('hrefs', () => {
    it('returns the href text as written, without decoding, trimming layout whitespace', async () => {
      const entries = await entriesOf(
        '<D:response><D:href>\n  /a%20b/%C3%A9?x=1&amp;y=2\n</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>',
      );
      expect(entries[0]?.href).toBe('/a%20b/%C3%A9?x=1&y=2');
    });

    it('rejects a response without an href, naming the rule', async () => {
      const err = await parseError(doc('<D:response><D:status>HTTP/1.1 200 OK</D:status></D:response>'));
      expect(err.code).toBe(ErrorCodes.PARSE_INVALID);
      expect(err.message).toContain('A response has no <D:href>');
    });

    it('rejects an empty href', async () => {
      const err = await parseError(
        doc('<D:response><D:href> </D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>'),
      );
      expect(err.code).toBe(ErrorCodes.PARSE_INVALID);
    });
  });

  describe('the rest of a response', () => {
    it('reads location, error, responsedescription, and the M:id / M:body extension elements', async () => {
      const entries = await entriesOf(
        '<D:response><D:href>/old</D:href><D:status>HTTP/1.1 301 Moved Permanently</D:status>' +
          '<D:error><D:no-conflicting-lock><D:href>/lock</D:href></D:no-conflicting-lock>why</D:error>' +
          '<D:responsedescription>moved &amp; kept</D:responsedescription>' +
          '<D:location><D:href>/new</D:href></D:location>' +
          '<M:id xmlns:M="urn:multistatus:ext">req-1</M:id>' +
          '<M:body xmlns:M="urn:multistatus:ext">{"a":[1,true,null],"b":"x"}</M:body></D:response>',
      );
      expect(entries).toEqual([
        {
          href: '/old',
          status: 301,
          error: [
            { name: '{DAV:}no-conflicting-lock', children: [{ name: '{DAV:}href', children: ['/lock'] }] },
            'why',
          ],
          description: 'moved & kept',
          location: '/new',
          id: 'req-1',
          body: { a: [1, true, null], b: 'x' },
        },
      ]);
    });

    it('reads a propstat error and description', async () => {
      const entries = await entriesOf(
        '<D:response><D:href>/a</D:href><D:propstat><D:prop><D:displayname/></D:prop>' +
          '<D:status>HTTP/1.1 409 Conflict</D:status><D:error><D:cannot-modify-protected-property/></D:error>' +
          '<D:responsedescription>protected</D:responsedescription></D:propstat></D:response>',
      );
      expect(entries[0]?.propstat).toEqual([
        {
          status: 409,
          props: { '{DAV:}displayname': null },
          error: { name: '{DAV:}cannot-modify-protected-property' },
          description: 'protected',
        },
      ]);
    });

    it('reads the multistatus-level responsedescription', async () => {
      const result = await parseMultiStatus(doc('<D:responsedescription>Some failed</D:responsedescription>'));
      expect(result).toEqual({ entries: [], description: 'Some failed' });
    });

    it('reads a JSON null body as null', async () => {
      const entries = await entriesOf(
        '<D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status>' +
          '<M:body xmlns:M="urn:multistatus:ext">null</M:body></D:response>',
      );
      expect(entries).toEqual([{ href: '/a', status: 200, body: null }]);
    });

    it('rejects an M:body that is not JSON with PARSE_INVALID', async () => {
      const err = await parseError(
        doc(
          '<D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status>' +
            '<M:body xmlns:M="urn:multistatus:ext">{nope</M:body></D:response>',
        ),
      );
      expect(err.code).toBe(ErrorCodes.PARSE_INVALID);
      expect(err.message).toContain('does not hold JSON');
    });

    it('ignores unknown extension elements (RFC 4918 §17) at every level, with everything inside them', async () => {
      const entries = await entriesOf(
        '<X:top xmlns:X="urn:x"><D:response><D:href>/no</D:href></D:response></X:top>' +
          '<D:response><X:a xmlns:X="urn:x"><D:href>/no</D:href></X:a><D:href>/a</D:href><D:propstat>' +
          '<X:b xmlns:X="urn:x"/><D:prop><D:getetag>"1"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status>' +
          '</D:propstat><M:other xmlns:M="urn:multistatus:ext">x</M:other></D:response>',
      );
      expect(entries).toEqual([{ href: '/a', propstat: [{ status: 200, props: { '{DAV:}getetag': '"1"' } }] }]);
    });

    it('rejects a response with both status and propstat', async () => {
      const err = await parseError(
        doc(
          '<D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status><D:propstat><D:prop/>' +
            '<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>',
        ),
      );
      expect(err.code).toBe(ErrorCodes.PARSE_INVALID);
      expect(err.message).toContain('both <D:status> and <D:propstat>');
    });

    it('rejects a response with neither status nor propstat', async () => {
      const err = await parseError(doc('<D:response><D:href>/a</D:href></D:response>'));
      expect(err.code).toBe(ErrorCodes.PARSE_INVALID);
    });

    it('rejects a propstat without a status', async () => {
      const err = await parseError(
        doc('<D:response><D:href>/a</D:href><D:propstat><D:prop><D:getetag/></D:prop></D:propstat></D:response>'),
      );
      expect(err.code).toBe(ErrorCodes.PARSE_INVALID);
      expect(err.message).toContain('A propstat has no <D:status>');
    });
  });

  describe('inputs', () => {
    const body = doc('<D:response><D:href>/é</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>');
    const expected = { entries: [{ href: '/é', status: 200 }] };

    it('reads a string', async () => {
      expect(await parseMultiStatus(body)).toEqual(expected);
    });

    it('reads a Buffer and a plain Uint8Array', async () => {
      expect(await parseMultiStatus(Buffer.from(body))).toEqual(expected);
      expect(await parseMultiStatus(new TextEncoder().encode(body))).toEqual(expected);
    });

    it('reads a Node Readable', async () => {
      expect(await parseMultiStatus(Readable.from([Buffer.from(body)]))).toEqual(expected);
    });

    it('reads an async iterable and an array of mixed string and byte chunks', async () => {
      async function* chunks() {
        yield body.slice(0, 10);
        yield Buffer.from(body.slice(10));
      }
      expect(await parseMultiStatus(chunks())).toEqual(expected);
      expect(await parseMultiStatus([body.slice(0, 50), Buffer.from(body.slice(50))])).toEqual(expected);
    });

    it('reads a web ReadableStream of bytes', async () => {
      expect(await parseMultiStatus(new Blob([body]).stream())).toEqual(expected);
    });

    it('skips a UTF-8 byte order mark', async () => {
      expect(await parseMultiStatus(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]))).toEqual(
        expected,
      );
    });

    it('rejects an input of another type with a MultiStatusError (INVALID_INPUT)', async () => {
      await expect(parseMultiStatus(42 as unknown as string)).rejects.toMatchObject({
        name: 'MultiStatusError',
        code: ErrorCodes.INVALID_INPUT,
      });
      await expect(parseMultiStatus([{}] as unknown as string[])).rejects.toBeInstanceOf(MultiStatusError);
    });

    it('rejects an invalid limit option with INVALID_OPTION', async () => {
      await expect(parseMultiStatus(body, { maxDepth: 0 })).rejects.toMatchObject({ code: ErrorCodes.INVALID_OPTION });
      await expect(parseMultiStatus(body, { maxBytes: 1.5 })).rejects.toMatchObject({
        code: ErrorCodes.INVALID_OPTION,
      });
    });
  });

  describe('errors', () => {
    it('are MultiStatusParseErrors with name, code, 1-based line and column, status 400 and expose', async () => {
      const err = await parseError('<D:multistatus xmlns:D="DAV:">\n  <D:response>\n    <D:href>/a</D:hre>');
      expect(err).toBeInstanceOf(MultiStatusParseError);
      expect(err).toMatchObject({ name: 'MultiStatusParseError', code: ErrorCodes.PARSE_MALFORMED, status: 400 });
      expect(err.expose).toBe(true);
      expect(err.line).toBe(3);
      expect(err.column).toBeGreaterThan(10);
      expect(err.message).toContain('(line 3, column');
    });

    it('name the root element when it is not DAV:multistatus (PARSE_WRONG_ROOT)', async () => {
      const err = await parseError('<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>');
      expect(err.code).toBe(ErrorCodes.PARSE_WRONG_ROOT);
      expect(err.message).toContain('{DAV:}propfind');
      const noNs = await parseError('<multistatus><response/></multistatus>');
      expect(noNs.code).toBe(ErrorCodes.PARSE_WRONG_ROOT);
      expect(noNs.message).toContain('{}multistatus');
    });

    it('reject an empty document and one without a root element', async () => {
      expect((await parseError('')).code).toBe(ErrorCodes.PARSE_MALFORMED);
      expect((await parseError('<?xml version="1.0"?><!-- nothing -->')).code).toBe(ErrorCodes.PARSE_MALFORMED);
    });

    it('reject a second root element and text after the root', async () => {
      expect((await parseError(`${MS_OPEN}${MS_CLOSE}${MS_OPEN}${MS_CLOSE}`)).code).toBe(ErrorCodes.PARSE_MALFORMED);
      expect((await parseError(`${MS_OPEN}${MS_CLOSE}trailing`)).code).toBe(ErrorCodes.PARSE_MALFORMED);
    });
  });
});
