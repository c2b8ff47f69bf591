// Property: any entries, with any Unicode in hrefs, values and descriptions, render to XML that an
// independent strict parser (saxes) accepts, and the same entries come back from it: namespaces, order and
// text included, invalid characters per the policy. The reading-back here is the test's own, not our parser.

import { type Entry, type PropValue, renderMultiStatus, type XmlElement } from '@multistatus/core';
import fc from 'fast-check';
import { elements, type Node, readXml, textOf } from './support/xml-tree';

const nasty = fc.constantFrom(
  '\uD800',
  '\uDFFF',
  '\uFFFE',
  '\uFFFF',
  '\u0000',
  '\u0001',
  '\u001F',
  '\r',
  '\n',
  '\t',
  '&',
  '<',
  '>',
  '"',
  "'",
  ']]>',
  '#',
  '😀',
  '\uD83D',
  ' ',
);
const text = fc
  .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), nasty), { maxLength: 5 })
  .map((parts) => parts.join(''));
const hrefText = text.map((s) => s.replace(/%/g, ''));
const nsUri = fc.constantFrom('DAV:', 'urn:x', 'http://example.com/ns/', 'http://registered.example/', 'urn:ü"&<>');
const local = fc.constantFrom('a', 'getetag', 'x-y', '_z', 'ünï', 'a.b', 'n1', 'D', 'xmlnsish');
const elementName = fc.oneof(
  local,
  fc.tuple(nsUri, local).map(([ns, l]) => `{${ns}}${l}`),
  local.map((l) => `{}${l}`),
);
const attrName = fc.oneof(
  local.filter((l) => l !== 'xmlnsish'),
  fc.tuple(nsUri, local).map(([ns, l]) => `{${ns}}${l}`),
);

const { element } = fc.letrec<{ element: XmlElement; children: Array<XmlElement | string> }>((tie) => ({
  element: fc.record(
    {
      name: elementName,
      attrs: fc.dictionary(attrName, text, { maxKeys: 3 }),
      children: fc.oneof({ depthSize: 'small' }, fc.constant([]), tie('children')),
    },
    { requiredKeys: ['name'] },
  ) as fc.Arbitrary<XmlElement>,
  children: fc.array(fc.oneof(text, tie('element') as fc.Arbitrary<XmlElement>), { maxLength: 3 }),
}));
const xmlValue = fc.oneof(element, fc.array(fc.oneof(element, text), { minLength: 1, maxLength: 3 }));
const propValue: fc.Arbitrary<PropValue> = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null), xmlValue);
// `x` and `{DAV:}x` name one property, which an entry may hold once.
const props = fc
  .dictionary(elementName, propValue, { maxKeys: 4 })
  .filter(
    (p) => new Set(Object.keys(p).map((k) => (k.startsWith('{') ? k : `{DAV:}${k}`))).size === Object.keys(p).length,
  );
const okStatus = fc.oneof(fc.integer({ min: 200, max: 299 }), fc.integer({ min: 400, max: 599 }), fc.constant(304));

const entry: fc.Arbitrary<Entry> = fc
  .record(
    {
      href: hrefText.filter((h) => h.length > 0),
      status: okStatus,
      redirect: fc.option(
        fc.integer({ min: 300, max: 308 }).filter((s) => s !== 304),
        { nil: undefined },
      ),
      propstat: fc.option(
        fc.array(
          fc.record(
            {
              status: okStatus,
              props,
              description: fc.option(text, { nil: undefined }),
              error: fc.option(xmlValue, { nil: undefined }),
            },
            { requiredKeys: ['status', 'props'] },
          ),
          { minLength: 1, maxLength: 3 },
        ),
        { nil: undefined },
      ),
      location: hrefText.filter((h) => h.length > 0),
      error: fc.option(xmlValue, { nil: undefined }),
      description: fc.option(text, { nil: undefined }),
      id: fc.option(text, { nil: undefined }),
      body: fc.option(fc.jsonValue(), { nil: undefined }),
    },
    { requiredKeys: ['href', 'status', 'location'] },
  )
  .map((r) => {
    const e: Record<string, unknown> = { href: r.href };
    if (r.propstat)
      e.propstat = r.propstat.map((ps) => Object.fromEntries(Object.entries(ps).filter(([, v]) => v !== undefined)));
    else if (r.redirect) Object.assign(e, { status: r.redirect, location: r.location });
    else e.status = r.status;
    for (const key of ['error', 'description', 'id', 'body'] as const) if (r[key] !== undefined) e[key] = r[key];
    return e as unknown as Entry;
  });

type Policy = 'replace' | 'strip';
const INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const clean = (s: string, policy: Policy) => s.replace(INVALID, policy === 'replace' ? '\uFFFD' : '');

// What the document must say, in the shape the reader below produces.
interface Plain {
  name: string;
  attrs: Record<string, string>;
  children: Array<Plain | string>;
}
const clarkElement = (name: string) => (name.startsWith('{') ? name : `{DAV:}${name}`);
const clarkAttr = (name: string) => (name.startsWith('{}') ? name.slice(2) : name);
function expectContent(value: PropValue | undefined, policy: Policy): Array<Plain | string> {
  if (value === null || value === undefined) return [];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [value];
  const out: Array<Plain | string> = [];
  for (const item of list) {
    if (typeof item === 'string') {
      const t = clean(item, policy);
      if (t === '') continue;
      if (typeof out[out.length - 1] === 'string') out[out.length - 1] += t;
      else out.push(t);
    } else {
      out.push({
        name: clarkElement(item.name),
        attrs: Object.fromEntries(Object.entries(item.attrs ?? {}).map(([k, v]) => [clarkAttr(k), clean(v, policy)])),
        children: expectContent(item.children ?? null, policy),
      });
    }
  }
  return out;
}
function plain(node: Node): Plain {
  return {
    name: node.name,
    attrs: node.attrs,
    children: node.children.map((c) => (typeof c === 'string' ? c : plain(c))),
  };
}

function percentDecode(s: string): string {
  return Buffer.from(
    s.replace(/%([0-9A-F]{2})|([^%]+)/g, (_, hex: string | undefined, raw: string | undefined) =>
      hex ? String.fromCharCode(Number.parseInt(hex, 16)) : Buffer.from(raw!, 'utf8').toString('latin1'),
    ),
    'latin1',
  ).toString('utf8');
}
const URI_REFERENCE =
  /^(?:[A-Za-z0-9\-._~:/?@!$&'()*+,;=]|%[0-9A-F]{2})*(?:#(?:[A-Za-z0-9\-._~:/?@!$&'()*+,;=]|%[0-9A-F]{2})*)?$/;

function checkHref(written: string, original: string, policy: Policy): void {
  expect(written).toMatch(URI_REFERENCE);
  // Percent-encoding carries every character, controls included; only a lone surrogate (no UTF-8 form) is replaced.
  expect(percentDecode(written)).toBe(
    original.replace(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      policy === 'replace' ? '\uFFFD' : '',
    ),
  );
}

function checkDocument(entries: Entry[], policy: Policy, registered: boolean): void {
  const xml = renderMultiStatus(entries, {
    invalidChars: policy,
    namespaces: registered ? { E: 'http://registered.example/' } : undefined,
  });
  const responses = elements(readXml(xml)); // throws if saxes finds the document not well-formed
  expect(responses).toHaveLength(entries.length);
  entries.forEach((e, i) => {
    const kids = elements(responses[i]!);
    const byName = (name: string) => kids.filter((k) => k.name === name);
    checkHref(textOf(byName('{DAV:}href')[0]!), e.href, policy);
    if (e.status !== undefined) {
      expect(textOf(byName('{DAV:}status')[0]!)).toMatch(new RegExp(`^HTTP/1\\.1 ${e.status} `));
    } else {
      const propstats = byName('{DAV:}propstat');
      expect(propstats).toHaveLength(e.propstat.length);
      e.propstat.forEach((ps, j) => {
        const [prop, status, ...rest] = elements(propstats[j]!);
        expect(textOf(status!)).toMatch(new RegExp(`^HTTP/1\\.1 ${ps.status} `));
        expect(elements(prop!).map((p) => [p.name, plain(p).children])).toEqual(
          Object.entries(ps.props).map(([name, value]) => [clarkElement(name), expectContent(value, policy)]),
        );
        const error = rest.find((n) => n.name === '{DAV:}error');
        expect(error ? plain(error).children : undefined).toEqual(
          ps.error === undefined ? undefined : expectContent(ps.error, policy),
        );
        const description = rest.find((n) => n.name === '{DAV:}responsedescription');
        expect(description ? textOf(description) : undefined).toBe(
          ps.description === undefined ? undefined : clean(ps.description, policy),
        );
      });
    }
    const error = byName('{DAV:}error')[0];
    expect(error ? plain(error).children : undefined).toEqual(
      e.error === undefined ? undefined : expectContent(e.error, policy),
    );
    const description = byName('{DAV:}responsedescription')[0];
    expect(description ? textOf(description) : undefined).toBe(
      e.description === undefined ? undefined : clean(e.description, policy),
    );
    const location = byName('{DAV:}location')[0];
    if (e.location !== undefined) checkHref(textOf(elements(location!)[0]!), e.location, policy);
    else expect(location).toBeUndefined();
    const id = byName('{urn:multistatus:ext}id')[0];
    expect(id ? textOf(id) : undefined).toBe(e.id === undefined ? undefined : clean(e.id, policy));
    const body = byName('{urn:multistatus:ext}body')[0];
    // Bodies are JSON text: nothing in them is lost to the policy, whatever characters they hold.
    expect(body ? JSON.stringify(JSON.parse(textOf(body))) : undefined).toBe(
      e.body === undefined ? undefined : JSON.stringify(e.body),
    );
  });
}

describe('renderMultiStatus(entries) for any entries', () => {
  it("writes well-formed XML that reads back to the same entries (invalidChars 'replace')", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), fc.boolean(), (entries, registered) =>
        checkDocument(entries, 'replace', registered),
      ),
      { numRuns: 200 },
    );
  });

  it("writes well-formed XML that reads back to the same entries (invalidChars 'strip')", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), fc.boolean(), (entries, registered) =>
        checkDocument(entries, 'strip', registered),
      ),
      { numRuns: 100 },
    );
  });

  it('writes JSON that parses back to the same members', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), (entries) => {
        const doc = JSON.parse(renderMultiStatus(entries, { format: 'json' }));
        expect(doc.responses.map((r: { href: string }) => r.href)).toEqual(entries.map((e) => e.href));
        expect(doc.responses.map((r: { description?: string }) => r.description)).toEqual(
          entries.map((e) => e.description),
        );
        expect(doc.responses.map((r: { body?: unknown }) => JSON.stringify(r.body))).toEqual(
          entries.map((e) => JSON.stringify(e.body)),
        );
        expect(doc.summary.total).toBe(entries.length);
      }),
      { numRuns: 200 },
    );
  });
});
