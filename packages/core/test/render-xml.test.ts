import {
  createSerializer,
  type Entry,
  ErrorCodes,
  el,
  MultiStatusError,
  renderMultiStatus,
  statusLine,
  type XmlElement,
} from '@multistatus/core';
import { elements, readXml, textOf, withoutIndentation } from './support/xml-tree';

const HEAD = '<?xml version="1.0" encoding="utf-8"?>\n';

function errorOf(fn: () => unknown): MultiStatusError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MultiStatusError);
    return err as MultiStatusError;
  }
  throw new Error('expected an error');
}

describe('renderMultiStatus(entries) as XML', () => {
  describe('RFC 4918 §9.1.3 (retrieving named properties)', () => {
    const boxschema = 'http://ns.example.com/boxschema/';
    const entries: Entry[] = [
      {
        href: 'http://www.example.com/file',
        propstat: [
          {
            status: 200,
            props: {
              [`{${boxschema}}bigbox`]: el(`{${boxschema}}BoxType`, ['Box type A']),
              [`{${boxschema}}author`]: el(`{${boxschema}}Name`, ['J.J. Johnson']),
            },
          },
          {
            status: 403,
            props: { [`{${boxschema}}DingALing`]: null, [`{${boxschema}}Random`]: null },
            description: ' The user does not have access to the\n   DingALing property.\n         ',
          },
        ],
        description: ' There has been an access violation error.\n       ',
      },
    ];

    it('writes the literal document, with the registered prefix declared once on the root', () => {
      expect(renderMultiStatus(entries, { namespaces: { R: boxschema } })).toBe(
        `${HEAD}<D:multistatus xmlns:D="DAV:" xmlns:R="http://ns.example.com/boxschema/">\n` +
          '<D:response><D:href>http://www.example.com/file</D:href>' +
          '<D:propstat><D:prop><R:bigbox><R:BoxType>Box type A</R:BoxType></R:bigbox>' +
          '<R:author><R:Name>J.J. Johnson</R:Name></R:author></D:prop>' +
          '<D:status>HTTP/1.1 200 OK</D:status></D:propstat>' +
          '<D:propstat><D:prop><R:DingALing/><R:Random/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status>' +
          '<D:responsedescription> The user does not have access to the\n   DingALing property.\n         </D:responsedescription>' +
          '</D:propstat>' +
          '<D:responsedescription> There has been an access violation error.\n       </D:responsedescription>' +
          '</D:response>\n</D:multistatus>\n',
      );
    });

    it('means the same as the RFC text, element for element', () => {
      const rfc = `<?xml version="1.0" encoding="utf-8" ?>
     <D:multistatus xmlns:D="DAV:">
       <D:response xmlns:R="http://ns.example.com/boxschema/">
         <D:href>http://www.example.com/file</D:href>
         <D:propstat>
           <D:prop>
             <R:bigbox>
               <R:BoxType>Box type A</R:BoxType>
             </R:bigbox>
             <R:author>
               <R:Name>J.J. Johnson</R:Name>
             </R:author>
           </D:prop>
           <D:status>HTTP/1.1 200 OK</D:status>
         </D:propstat>
         <D:propstat>
           <D:prop><R:DingALing/><R:Random/></D:prop>
           <D:status>HTTP/1.1 403 Forbidden</D:status>
           <D:responsedescription> The user does not have access to the
   DingALing property.
         </D:responsedescription>
         </D:propstat>
         <D:responsedescription> There has been an access violation error.
       </D:responsedescription>
       </D:response>
     </D:multistatus>`;
      const ours = renderMultiStatus(entries); // unregistered: declared where used
      expect(withoutIndentation(readXml(ours))).toEqual(withoutIndentation(readXml(rfc)));
    });
  });

  describe('RFC 4918 §9.6.2 (DELETE with a locked member)', () => {
    const entries: Entry[] = [
      { href: 'http://www.example.com/container/resource3', status: 423, error: el('{DAV:}lock-token-submitted') },
    ];
    it('writes the literal document', () => {
      expect(renderMultiStatus(entries)).toBe(
        `${HEAD}<D:multistatus xmlns:D="DAV:">\n<D:response><D:href>http://www.example.com/container/resource3</D:href>` +
          '<D:status>HTTP/1.1 423 Locked</D:status><D:error><D:lock-token-submitted/></D:error></D:response>\n' +
          '</D:multistatus>\n',
      );
    });
    it('means the same as the RFC text', () => {
      const rfc = `<?xml version="1.0" encoding="utf-8" ?>
     <d:multistatus xmlns:d="DAV:">
       <d:response>
         <d:href>http://www.example.com/container/resource3</d:href>
         <d:status>HTTP/1.1 423 Locked</d:status>
         <d:error><d:lock-token-submitted/></d:error>
       </d:response>
     </d:multistatus>`;
      expect(withoutIndentation(readXml(renderMultiStatus(entries)))).toEqual(withoutIndentation(readXml(rfc)));
    });
  });

  describe('when there are no entries', () => {
    it('writes an empty multistatus (zero or more responses, RFC 4918 §13)', () => {
      expect(renderMultiStatus([])).toBe(`${HEAD}<D:multistatus xmlns:D="DAV:">\n</D:multistatus>\n`);
    });
  });

  describe('element order', () => {
    it('follows the DTD: href, status, error, responsedescription, location, then the extension elements', () => {
      const xml = renderMultiStatus([
        {
          href: '/a',
          status: 301,
          location: '/b',
          description: 'moved',
          error: el('{http://example.com/}why'),
          id: 'x1',
          body: { ok: true },
        },
      ]);
      const response = elements(readXml(xml))[0]!;
      expect(elements(response).map((n) => n.name)).toEqual([
        '{DAV:}href',
        '{DAV:}status',
        '{DAV:}error',
        '{DAV:}responsedescription',
        '{DAV:}location',
        '{urn:multistatus:ext}id',
        '{urn:multistatus:ext}body',
      ]);
      expect(textOf(elements(elements(response)[4]!)[0]!)).toBe('/b');
    });

    it('puts prop, status, error, responsedescription inside propstat, and propstats in the given order', () => {
      const xml = renderMultiStatus([
        {
          href: '/a',
          propstat: [
            { status: 424, props: { a: 'x' }, error: el('{DAV:}e'), description: 'd' },
            { status: 200, props: { b: 'y' } },
          ],
        },
      ]);
      const [first, second] = elements(elements(readXml(xml))[0]!).slice(1);
      expect(elements(first!).map((n) => n.name)).toEqual([
        '{DAV:}prop',
        '{DAV:}status',
        '{DAV:}error',
        '{DAV:}responsedescription',
      ]);
      expect(textOf(elements(first!)[1]!)).toBe('HTTP/1.1 424 Failed Dependency');
      expect(textOf(elements(second!)[1]!)).toBe('HTTP/1.1 200 OK');
    });

    it('puts the multistatus description after the responses', () => {
      expect(renderMultiStatus([{ href: '/a', status: 200 }], { description: 'a & b' })).toBe(
        `${HEAD}<D:multistatus xmlns:D="DAV:">\n<D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>\n` +
          '<D:responsedescription>a &amp; b</D:responsedescription>\n</D:multistatus>\n',
      );
    });
  });

  describe('status lines', () => {
    it('use reason phrases from http-status-codes', () => {
      expect(statusLine(404)).toBe('HTTP/1.1 404 Not Found');
      expect(statusLine(207)).toBe('HTTP/1.1 207 Multi-Status');
      expect(statusLine(507)).toBe('HTTP/1.1 507 Insufficient Storage');
    });
    it('still form a valid status-line for a code without a phrase (RFC 9112 §4: the phrase is optional)', () => {
      expect(statusLine(599)).toMatch(/^HTTP\/1\.1 599 $/);
      expect(statusLine(508)).toBe('HTTP/1.1 508 Loop Detected');
    });
  });

  describe('property values', () => {
    const render = (value: unknown) =>
      renderMultiStatus([{ href: '/a', propstat: [{ status: 200, props: { v: value as never } }] }]).split('\n')[2];

    it('writes text escaped, numbers and booleans as text, null and "" as an empty element', () => {
      expect(render('a<b>&"c"')).toContain('<D:v>a&lt;b&gt;&amp;"c"</D:v>');
      expect(render(12.5)).toContain('<D:v>12.5</D:v>');
      expect(render(false)).toContain('<D:v>false</D:v>');
      expect(render(null)).toContain('<D:v/>');
      expect(render('')).toContain('<D:v/>');
    });
    it('keeps CR by writing it as a character reference (parsers would turn a literal CR into LF)', () => {
      const xml = renderMultiStatus([{ href: '/a', propstat: [{ status: 200, props: { v: 'a\r\nb' } }] }]);
      expect(xml).toContain('<D:v>a&#13;\nb</D:v>');
      const v = elements(
        elements(
          elements(
            elements(
              readXml(renderMultiStatus([{ href: '/a', propstat: [{ status: 200, props: { v: 'a\r\nb' } }] }])),
            )[0]!,
          )[1]!,
        )[0]!,
      )[0]!;
      expect(textOf(v)).toBe('a\r\nb');
    });
    it('writes XML content with attributes, escaping tab, newline and quotes in attribute values', () => {
      expect(render([el('{DAV:}x', ['t'], { a: '1\t2\n"3"', '{http://ex/}b': 'c' }), 'tail'])).toContain(
        '<D:v><D:x a="1&#9;2&#10;&quot;3&quot;" xmlns:ns1="http://ex/" ns1:b="c">t</D:x>tail</D:v>',
      );
    });
    it('writes the same text again in the next response, under the name it has there', () => {
      const type = 'text/plain & more';
      const xml = renderMultiStatus([
        { href: '/a', propstat: [{ status: 200, props: { getcontenttype: type, x: 'same' } }] },
        { href: '/b', propstat: [{ status: 200, props: { getcontenttype: type, x: 'same' } }] },
        { href: '/c', propstat: [{ status: 200, props: { displayname: type, '{urn:y}x': 'same' } }] },
        { href: '/d', propstat: [{ status: 404, props: { displayname: type, '{urn:y}x': 'same' } }] },
      ]);
      const lines = xml.split('\n');
      const pair = '<D:getcontenttype>text/plain &amp; more</D:getcontenttype><D:x>same</D:x>';
      expect(lines[2]).toContain(`<D:prop>${pair}</D:prop>`);
      expect(lines[3]).toContain(`<D:prop>${pair}</D:prop>`);
      const renamed = '<D:displayname>text/plain &amp; more</D:displayname><ns1:x xmlns:ns1="urn:y">same</ns1:x>';
      expect(lines[4]).toContain(`<D:prop>${renamed}</D:prop><D:status>HTTP/1.1 200 OK</D:status>`);
      expect(lines[5]).toContain(`<D:prop>${renamed}</D:prop><D:status>HTTP/1.1 404 Not Found</D:status>`);
    });
    it('writes each text of a property that changes from one response to the next', () => {
      const types = ['a/b', 'c/d', 'a/b', 'a/b', 'c/d', 'c/d', 'e/f', 'a/b'];
      const xml = renderMultiStatus(
        types.map((type, i) => ({ href: `/${i}`, propstat: [{ status: 200, props: { getcontenttype: type } }] })),
      );
      const written = xml
        .split('\n')
        .slice(2, -2)
        .map((line) => /<D:getcontenttype>(.*?)</.exec(line)?.[1]);
      expect(written).toEqual(types);
    });
    it('rejects a value that is not text, null or XML content', () => {
      expect(errorOf(() => render(() => 1)).code).toBe(ErrorCodes.INVALID_VALUE);
      expect(errorOf(() => render({ nope: 1 })).code).toBe(ErrorCodes.INVALID_VALUE);
    });
    it('rejects a property name that is not an XML name, naming the entry', () => {
      const err = errorOf(() =>
        renderMultiStatus([{ href: '/a', propstat: [{ status: 200, props: { '1bad': 'x' } }] }]),
      );
      expect(err.code).toBe(ErrorCodes.INVALID_NAME);
      expect(err.message).toContain('"1bad"');
      expect(err.message).toContain('"/a"');
      expect(errorOf(() => render(el('{no-close', []))).code).toBe(ErrorCodes.INVALID_NAME);
    });
  });

  describe('when a value is frozen (rendered once per document and reused)', () => {
    const deepFreeze = <T>(value: T): T => {
      if (value !== null && typeof value === 'object') {
        for (const v of Object.values(value)) deepFreeze(v);
        Object.freeze(value);
      }
      return value;
    };
    const lockentry = () => [el('{DAV:}lockentry', [el('{DAV:}lockscope', [el('{DAV:}exclusive')])], { n: '1' })];
    const entriesWith = (value: unknown, names: string[]): Entry[] =>
      names.map((name, i) => ({ href: `/${i}`, propstat: [{ status: 200, props: { [name]: value as never } }] }));

    it('writes the same XML in every response as an unfrozen copy would', () => {
      const names = ['supportedlock', 'supportedlock', 'supportedlock'];
      expect(renderMultiStatus(entriesWith(deepFreeze(lockentry()), names))).toBe(
        renderMultiStatus(entriesWith(lockentry(), names)),
      );
    });
    it('declares the namespaces each property name needs when one value is shared by names in different namespaces', () => {
      const shared = deepFreeze([el('{http://ex/a}x')]);
      const xml = renderMultiStatus(entriesWith(shared, ['{http://ex/a}p', '{http://ex/b}q', '{http://ex/a}p']));
      expect(xml).toBe(
        renderMultiStatus(entriesWith([el('{http://ex/a}x')], ['{http://ex/a}p', '{http://ex/b}q', '{http://ex/a}p'])),
      );
      const props = elements(readXml(xml)).map((response) => elements(elements(elements(response)[1]!)[0]!)[0]!);
      expect(props.map((p) => [p.name, elements(p)[0]!.name])).toEqual([
        ['{http://ex/a}p', '{http://ex/a}x'],
        ['{http://ex/b}q', '{http://ex/a}x'],
        ['{http://ex/a}p', '{http://ex/a}x'],
      ]);
    });
    it('writes what a frozen value holds now when something inside it is not frozen', () => {
      const children: Array<XmlElement | string> = ['first'];
      const value = Object.freeze(el('{DAV:}x', children));
      const entries = entriesWith(value, ['v', 'v']);
      const iterable = (function* () {
        yield entries[0]!;
        children[0] = 'second';
        yield entries[1]!;
      })();
      const xml = renderMultiStatus(iterable);
      expect(xml).toContain('<D:v><D:x>first</D:x></D:v>');
      expect(xml).toContain('<D:v><D:x>second</D:x></D:v>');
    });
  });

  describe('namespaces', () => {
    it('declares unregistered namespaces where they are used, with prefixes that never collide', () => {
      const xml = renderMultiStatus(
        [{ href: '/a', propstat: [{ status: 200, props: { '{urn:x}p': 'x', '{urn:y}q': 'y', '{urn:x}r': 'z' } }] }],
        { namespaces: { ns1: 'urn:registered' } },
      );
      expect(xml).toContain('xmlns:ns1="urn:registered"');
      expect(xml).toContain(
        '<ns2:p xmlns:ns2="urn:x">x</ns2:p><ns3:q xmlns:ns3="urn:y">y</ns3:q><ns2:r xmlns:ns2="urn:x">z</ns2:r>',
      );
      const prop = elements(elements(elements(elements(readXml(xml))[0]!)[1]!)[0]!);
      expect(prop.map((n) => n.name)).toEqual(['{urn:x}p', '{urn:y}q', '{urn:x}r']);
    });
    it('writes a name in no namespace without a prefix', () => {
      const xml = renderMultiStatus([{ href: '/a', propstat: [{ status: 200, props: { '{}plain': 'x' } }] }]);
      expect(xml).toContain('<plain>x</plain>');
    });
    it('does not declare a namespace again inside an element that declared it', () => {
      const xml = renderMultiStatus([
        { href: '/a', propstat: [{ status: 200, props: { '{urn:x}p': el('{urn:x}c', [el('{urn:x}d')]) } }] },
      ]);
      expect(xml).toContain('<ns1:p xmlns:ns1="urn:x"><ns1:c><ns1:d/></ns1:c></ns1:p>');
    });
    it('rejects reserved or malformed registered prefixes', () => {
      for (const namespaces of [
        { D: 'urn:x' },
        { M: 'urn:x' },
        { xmlfoo: 'urn:x' },
        { 'a:b': 'urn:x' },
        { E: '' },
      ] as Array<Record<string, string>>) {
        expect(errorOf(() => renderMultiStatus([], { namespaces })).code).toBe(ErrorCodes.INVALID_OPTION);
      }
    });
  });

  describe('hrefs', () => {
    const hrefOf = (href: string) =>
      textOf(elements(elements(readXml(renderMultiStatus([{ href, status: 200 }])))[0]!)[0]!);
    it('percent-encodes what a URI reference cannot hold, as UTF-8', () => {
      expect(hrefOf('/docs/a b/ü|^`{}\\"<>')).toBe('/docs/a%20b/%C3%BC%7C%5E%60%7B%7D%5C%22%3C%3E');
    });
    it('never encodes twice, and encodes a stray percent sign', () => {
      expect(hrefOf('/a%20b/100%/%zz')).toBe('/a%20b/100%25/%25zz');
    });
    it('keeps reserved characters and escapes "&" for XML', () => {
      expect(renderMultiStatus([{ href: "/a?x=1&y=2;z=(')*+,@!$", status: 200 }])).toContain(
        "<D:href>/a?x=1&amp;y=2;z=(')*+,@!$</D:href>",
      );
    });
    it('keeps an IPv6 literal host and encodes brackets elsewhere', () => {
      expect(hrefOf('http://[::1]:8080/a[1]')).toBe('http://[::1]:8080/a%5B1%5D');
    });
    it('encodes control characters and a second "#"', () => {
      expect(hrefOf('/a\u0001b#c#d')).toBe('/a%01b#c%23d');
    });
  });

  describe('invalid characters', () => {
    const description = 'a\u0000b\uFFFEc\uD800d';
    it("replaces them with U+FFFD by default ('replace')", () => {
      expect(renderMultiStatus([{ href: '/a', status: 200, description }])).toContain(
        '<D:responsedescription>a\uFFFDb\uFFFDc\uFFFDd</D:responsedescription>',
      );
    });
    it("drops them with 'strip'", () => {
      expect(renderMultiStatus([{ href: '/a', status: 200, description }], { invalidChars: 'strip' })).toContain(
        '<D:responsedescription>abcd</D:responsedescription>',
      );
    });
    it("throws naming the character and the entry with 'throw'", () => {
      const err = errorOf(() =>
        renderMultiStatus([{ href: '/a', status: 200, description }], { invalidChars: 'throw' }),
      );
      expect(err.code).toBe(ErrorCodes.INVALID_CHAR);
      expect(err.message).toContain('U+0000');
      expect(err.href).toBe('/a');
    });
    it("names the property whose value holds one with 'throw'", () => {
      const err = errorOf(() =>
        renderMultiStatus([{ href: '/a', propstat: [{ status: 200, props: { displayname: 'a report\u0001.txt' } }] }], {
          invalidChars: 'throw',
        }),
      );
      expect(err.code).toBe(ErrorCodes.INVALID_CHAR);
      expect(err.message).toContain('Invalid character U+0001 in property D:displayname.');
      expect(err.href).toBe('/a');
    });
    it('escapes every character that needs it, wherever the first one is', () => {
      const props = { a: 'x&y', b: 'a longer text & <one> more &', c: 'plain text then \uD800 & 😀 \r' };
      const xml = renderMultiStatus([{ href: '/a', propstat: [{ status: 200, props }] }]);
      expect(xml).toContain(
        '<D:a>x&amp;y</D:a><D:b>a longer text &amp; &lt;one&gt; more &amp;</D:b>' +
          '<D:c>plain text then \uFFFD &amp; 😀 &#13;</D:c>',
      );
    });
    it('keeps surrogate pairs (characters outside the BMP)', () => {
      expect(renderMultiStatus([{ href: '/a', status: 200, description: 'x😀y' }])).toContain('x😀y');
    });
    it('rejects an unknown policy', () => {
      expect(errorOf(() => renderMultiStatus([], { invalidChars: 'ignore' as never })).code).toBe(
        ErrorCodes.INVALID_OPTION,
      );
    });
  });

  describe('id and body (our extension elements, RFC 4918 §17)', () => {
    it('writes them in the urn:multistatus:ext namespace, the body as JSON text', () => {
      expect(renderMultiStatus([{ href: '/a', status: 201, id: '1', body: { name: '<x>' } }])).toContain(
        '<M:id xmlns:M="urn:multistatus:ext">1</M:id><M:body xmlns:M="urn:multistatus:ext">{"name":"&lt;x&gt;"}</M:body>',
      );
    });
    it('keeps U+FFFE/U+FFFF in a body as JSON escapes, which XML can carry', () => {
      const xml = renderMultiStatus([{ href: '/a', status: 200, body: { s: 'a\uFFFEb\uFFFF' } }]);
      expect(xml).toContain('{"s":"a\\ufffeb\\uffff"}');
      const body = elements(elements(readXml(xml))[0]!).find((n) => n.name === '{urn:multistatus:ext}body')!;
      expect(JSON.parse(textOf(body))).toEqual({ s: 'a\uFFFEb\uFFFF' });
    });
    it('carries controls, CR and lone surrogates in a body as the JSON escapes JSON.stringify writes', () => {
      const value = { s: 'a\rb\u0001c\uD800d\uDC00e', t: 'x\r\ny' };
      const xml = renderMultiStatus([{ href: '/a', status: 200, body: value }]);
      expect(xml).toContain('{"s":"a\\rb\\u0001c\\ud800d\\udc00e","t":"x\\r\\ny"}');
      const body = elements(elements(readXml(xml))[0]!).find((n) => n.name === '{urn:multistatus:ext}body')!;
      expect(JSON.parse(textOf(body))).toEqual(value);
    });
    it('rejects a body JSON cannot carry instead of dropping it', () => {
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      expect(errorOf(() => renderMultiStatus([{ href: '/a', status: 200, body: cyclic }])).code).toBe(
        ErrorCodes.BODY_NOT_SERIALIZABLE,
      );
      expect(errorOf(() => renderMultiStatus([{ href: '/a', status: 200, body: 10n }])).code).toBe(
        ErrorCodes.BODY_NOT_SERIALIZABLE,
      );
    });
  });

  describe('minimal (Prefer: return=minimal)', () => {
    it('drops 404 propstats and keeps an empty 200 propstat when nothing else is left', () => {
      const xml = renderMultiStatus(
        [
          {
            href: '/a',
            propstat: [
              { status: 200, props: { a: '1' } },
              { status: 404, props: { b: null } },
            ],
          },
          { href: '/b', propstat: [{ status: 404, props: { b: null } }] },
        ],
        { minimal: true },
      );
      expect(xml).not.toContain('404');
      expect(xml).toContain(
        '<D:response><D:href>/b</D:href><D:propstat><D:prop></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>',
      );
    });
  });

  describe('when entries are not synchronous', () => {
    it('says to use streamMultiStatus', () => {
      async function* gen() {}
      expect(errorOf(() => renderMultiStatus(gen() as never)).message).toContain('streamMultiStatus');
    });
  });

  describe('when an entry is invalid', () => {
    it('throws the validation error with the entry named', () => {
      const err = errorOf(() =>
        renderMultiStatus([
          { href: '/ok', status: 200 },
          { href: '/bad', status: 102 },
        ]),
      );
      expect(err.code).toBe(ErrorCodes.INFORMATIONAL_STATUS);
      expect(err.href).toBe('/bad');
    });
  });
});

describe('renderMultiStatus(entries) with one property named twice', () => {
  const entries: Entry[] = [
    { href: '/a', propstat: [{ status: 200, props: { getetag: '"1"', '{DAV:}getetag': '"2"' } }] },
  ];
  it.each(['xml', 'json'] as const)('refuses it in %s rather than write it twice or drop one', (format) => {
    expect(() => renderMultiStatus(entries, { format })).toThrow(/getetag appears twice in one propstat/);
  });
  it('refuses it after propstats that named the same properties in the same order were accepted', () => {
    // The serialiser skips the check for a propstat naming exactly what the last checked one named.
    const serializer = createSerializer({});
    const ok: Entry = { href: '/a', propstat: [{ status: 200, props: { '{DAV:}a': '1', b: '2' } }] };
    expect(serializer.entry(ok)).toContain('<D:a>1</D:a><D:b>2</D:b>');
    expect(serializer.entry(ok)).toContain('<D:a>1</D:a><D:b>2</D:b>');
    // Stops at its first property, a value that cannot be written, after taking the place of '{DAV:}a'.
    const broken = { href: '/b', propstat: [{ status: 200, props: { '{DAV:}b': () => 1, b: '2' } }] };
    expect(() => serializer.entry(broken as unknown as Entry)).toThrow(/Invalid value for property/);
    // Same names at the same places as the two before, yet never checked together.
    const twice: Entry = { href: '/c', propstat: [{ status: 200, props: { '{DAV:}b': '1', b: '2' } }] };
    expect(() => serializer.entry(twice)).toThrow(/\{DAV:\}b appears twice in one propstat/);
  });
  it('accepts the same local name in another namespace', () => {
    expect(
      renderMultiStatus([{ href: '/a', propstat: [{ status: 200, props: { getetag: '1', '{urn:x}getetag': '2' } }] }]),
    ).toContain('<D:getetag>1</D:getetag><ns1:getetag xmlns:ns1="urn:x">2</ns1:getetag>');
  });
});
