import {
  type Entry,
  encodeHref,
  type PropStat,
  type PropValue,
  parseMultiStatus,
  renderMultiStatus,
  type XmlElement,
  type XmlValue,
} from '@multistatus/core';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';

const DAV = 'DAV:';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

// What XML 1.0 cannot carry becomes U+FFFD under the default `invalidChars: 'replace'`: C0 controls but
// tab/LF/CR, lone surrogates, U+FFFE and U+FFFF.
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const xmlText = (s: string) => s.replace(NOT_XML, '\uFFFD');
const isWhitespace = (s: string) => /^[ \t\r\n]*$/.test(s);

// `x`, `{DAV:}x` (and `a`, `{}a` for attributes) name the same thing: a map must not hold both.
function distinct(map: Record<string, unknown>, defaultNs: string): boolean {
  const keys = Object.keys(map).map((k) => (k.startsWith('{') ? k : `{${defaultNs}}${k}`));
  return new Set(keys).size === keys.length;
}

const namespaceArb = fc.constantFrom(
  DAV,
  'urn:x',
  'http://example.com/ns/',
  'urn:multistatus:ext',
  'urn:é/ü',
  'http://e.com/?a=1&b="2"<>',
);
const localArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,7}$/),
  fc.constantFrom('grüße', 'ö', 'Ελ', 'x-1', 'href', 'response', 'status', 'prop'),
);
// Element and property names: `{ns}local`, `{}local` (no namespace) or bare `local` (DAV:).
const elementNameArb = fc.oneof(
  fc.tuple(namespaceArb, localArb).map(([ns, local]) => `{${ns}}${local}`),
  localArb.map((local) => `{}${local}`),
  localArb,
);
const attrNameArb = fc.oneof(
  localArb.filter((l) => l !== 'xmlns'),
  fc.tuple(namespaceArb, localArb).map(([ns, local]) => `{${ns}}${local}`),
  fc.constant(`{${XML_NS}}lang`),
);
const textArb = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.constantFrom(' ', '\n  ', 'a & b < c > d', ']]>', '\r\n', '2024.10', '"quoted"', "'"),
);

const { element: elementArb } = fc.letrec<{ element: XmlElement; child: XmlElement | string }>((tie) => ({
  element: fc.record(
    {
      name: elementNameArb,
      attrs: fc.dictionary(attrNameArb, textArb, { maxKeys: 2 }).filter((attrs) => distinct(attrs, '')),
      children: fc.array(tie('child'), { maxLength: 3 }),
    },
    { requiredKeys: ['name'] },
  ),
  child: fc.oneof({ depthSize: 'small', withCrossShrink: true }, textArb, tie('element')),
}));
const xmlValueArb: fc.Arbitrary<XmlValue> = fc.oneof(
  elementArb,
  fc.array(fc.oneof(textArb, elementArb), { maxLength: 3 }),
);
const propValueArb: fc.Arbitrary<PropValue> = fc.oneof(
  textArb,
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  xmlValueArb,
);
const hrefArb = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.constantFrom('/a b/ü', '/100%', '/x%20y', 'http://[::1]:8080/p?q=1&r=2#f#g', '/%zz'),
);
const propstatArb: fc.Arbitrary<PropStat> = fc.record(
  {
    status: fc.integer({ min: 200, max: 599 }),
    props: fc.dictionary(elementNameArb, propValueArb, { maxKeys: 3 }).filter((props) => distinct(props, DAV)),
    error: xmlValueArb,
    description: textArb,
  },
  { requiredKeys: ['status', 'props'] },
);
const extrasArb = fc.record(
  {
    error: xmlValueArb,
    description: textArb,
    id: textArb,
    body: fc.jsonValue({ maxDepth: 2 }),
    headers: fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/), textArb, { maxKeys: 2 }),
  },
  { requiredKeys: [] },
);
const entryArb: fc.Arbitrary<Entry> = fc.oneof(
  fc
    .tuple(hrefArb, fc.integer({ min: 200, max: 599 }), hrefArb, extrasArb)
    .map(([href, status, location, extras]) =>
      status >= 300 && status <= 399 && status !== 304
        ? { href, status, location, ...extras }
        : { href, status, ...extras },
    ),
  fc
    .tuple(hrefArb, fc.array(propstatArb, { minLength: 1, maxLength: 3 }), extrasArb)
    .map(([href, propstat, extras]) => ({ href, propstat, ...extras })),
);
const optionsArb = fc.record(
  {
    namespaces: fc.dictionary(
      fc.constantFrom('E', 'R', 'ns1', 'Z'),
      fc.constantFrom('urn:x', 'http://example.com/ns/', 'urn:é/ü'),
    ),
    description: textArb,
  },
  { requiredKeys: [] },
);

// What the parser reads back, by the model's conventions: full Clark names, text as strings, `null` for empty,
// adjacent text merged, whitespace-only text dropped next to elements, no empty `attrs`/`children`.
function clark(name: string, defaultNs: string): string {
  return name.startsWith('{') ? name : defaultNs === '' ? name : `{${defaultNs}}${name}`;
}

function normaliseItems(items: Array<XmlElement | string>): Array<XmlElement | string> {
  const merged: Array<XmlElement | string> = [];
  for (const item of items) {
    if (typeof item === 'string') {
      const text = xmlText(item);
      if (text === '') continue;
      const last = merged[merged.length - 1];
      if (typeof last === 'string') merged[merged.length - 1] = last + text;
      else merged.push(text);
    } else {
      merged.push(normaliseElement(item));
    }
  }
  return merged.some((item) => typeof item !== 'string')
    ? merged.filter((item) => typeof item !== 'string' || !isWhitespace(item))
    : merged;
}

function normaliseElement(el: XmlElement): XmlElement {
  const out: XmlElement = { name: clark(el.name, DAV) };
  const attrs = Object.entries(el.attrs ?? {});
  if (attrs.length > 0) {
    out.attrs = Object.fromEntries(attrs.map(([k, v]) => [k.startsWith('{}') ? k.slice(2) : k, xmlText(v)]));
  }
  const children = normaliseItems(el.children ?? []);
  if (children.length > 0) out.children = children;
  return out;
}

function normaliseValue(value: PropValue): PropValue {
  if (value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value === '' ? null : xmlText(value);
  if (!Array.isArray(value)) return normaliseElement(value);
  const items = normaliseItems(value);
  if (items.length === 0) return null;
  if (items.length === 1) return items[0] as string | XmlElement;
  return items;
}

function normaliseXml(value: XmlValue): XmlValue | undefined {
  const out = normaliseValue(value);
  if (out === null) return undefined;
  return typeof out === 'string' ? [out] : (out as XmlValue);
}

function expected(entry: Entry): Entry {
  const base = { href: encodeHref(entry.href) };
  const out: Entry =
    entry.status !== undefined
      ? { ...base, status: entry.status }
      : {
          ...base,
          propstat: entry.propstat.map((ps) => {
            const props: Record<string, PropValue> = {};
            for (const [name, value] of Object.entries(ps.props)) props[clark(name, DAV)] = normaliseValue(value);
            const outPs: PropStat = { status: ps.status, props };
            const error = ps.error === undefined ? undefined : normaliseXml(ps.error);
            if (error !== undefined) outPs.error = error;
            if (ps.description) outPs.description = xmlText(ps.description);
            return outPs;
          }),
        };
  const error = entry.error === undefined ? undefined : normaliseXml(entry.error);
  if (error !== undefined) out.error = error;
  if (entry.description) out.description = xmlText(entry.description);
  if (entry.location !== undefined) out.location = encodeHref(entry.location);
  if (entry.id !== undefined) out.id = xmlText(entry.id);
  // Body and headers travel as JSON text, which the invalid-character policy applies to like any text.
  if (entry.body !== undefined) out.body = JSON.parse(xmlText(JSON.stringify(entry.body)));
  if (entry.headers !== undefined) out.headers = JSON.parse(xmlText(JSON.stringify(entry.headers)));
  return out;
}

function wellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (err) => {
    throw err;
  });
  parser.write(xml).close();
}

describe('renderMultiStatus(entries) then parseMultiStatus(xml)', () => {
  it('reads back what was rendered, deepEqual after the model normalisation, for any entries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { maxLength: 4 }), optionsArb, async (entries, options) => {
        const xml = renderMultiStatus(entries, options);
        wellFormed(xml);
        const parsed = await parseMultiStatus(xml);
        expect(parsed.entries).toStrictEqual(entries.map(expected));
        const description = options.description ? xmlText(options.description) : undefined;
        expect(parsed.description).toBe(description);
      }),
      { numRuns: 200 },
    );
  });

  it('reads back the same from any split of the bytes into two chunks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { minLength: 1, maxLength: 2 }), fc.nat(), async (entries, at) => {
        const bytes = Buffer.from(renderMultiStatus(entries));
        const cut = at % (bytes.length + 1);
        const parsed = await parseMultiStatus([bytes.subarray(0, cut), bytes.subarray(cut)]);
        expect(parsed.entries).toStrictEqual(entries.map(expected));
      }),
      { numRuns: 100 },
    );
  });
});
