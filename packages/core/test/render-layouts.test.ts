// The XML serialiser remembers, per propstat index, the properties the last propstat named and the fixed text
// between their values. Whatever it remembers, a response must be written exactly as it is when written alone,
// in a document of its own: these tests render documents whose responses change their properties' names,
// kinds, count and order, their statuses and what follows them, and compare each response with its rendering
// alone. Namespaces are registered, so that a prefix never depends on which response used it first.

import { type Entry, el, type PropStat, type PropValue, renderMultiStatus } from '@multistatus/core';
import fc from 'fast-check';

const OPTIONS = { namespaces: { E: 'urn:e' } };
const TAIL = '</D:multistatus>\n';

/** The responses of a document: what lies between the root's start tag line and its end tag. */
function responsesOf(xml: string): string {
  const start = xml.indexOf('>\n', xml.indexOf('<D:multistatus')) + 2;
  expect(xml.endsWith(TAIL)).toBe(true);
  return xml.slice(start, -TAIL.length);
}

/** Each entry rendered in a document of its own, nothing remembered from another. */
function alone(entries: Entry[]): string {
  return entries.map((entry) => responsesOf(renderMultiStatus([entry], OPTIONS))).join('');
}

function together(entries: Entry[]): string {
  return responsesOf(renderMultiStatus(entries, OPTIONS));
}

const ok = (props: Record<string, PropValue>, extra: Partial<PropStat> = {}): PropStat => ({
  status: 200,
  props,
  ...extra,
});
const entry = (href: string, ...propstat: PropStat[]): Entry => ({ href, propstat });

describe('renderMultiStatus(entries) when responses change the properties they hold', () => {
  it('writes a property whose value changes between text, empty, number, boolean and XML content', () => {
    const values: PropValue[] = ['x', null, 1, '', true, el('{DAV:}collection'), 'y', 0, false, 'x & <y>'];
    const entries = values.map((v, i) => entry(`/${i}`, ok({ a: 'first', b: v, c: 'last' })));
    expect(together(entries)).toBe(alone(entries));
    expect(together(entries)).toContain('<D:a>first</D:a><D:b/><D:c>last</D:c>');
    expect(together(entries)).toContain('<D:a>first</D:a><D:b><D:collection/></D:b><D:c>last</D:c>');
  });

  it('forgets what followed a position that changed, even in a later response that has it again', () => {
    // The second response is shorter and changes position 1; the third has position 1 as the second had it
    // and position 2 as the first had it: the text before position 2 must be made again.
    const entries = [
      entry('/1', ok({ a: 'x', b: 'y', c: 'z', d: null })),
      entry('/2', ok({ a: 'x', b: null })),
      entry('/3', ok({ a: 'x', b: null, c: 'z', d: null })),
      entry('/4', ok({ a: 'x', b: 'y', c: 'z', d: null })),
      entry('/5', ok({ a: 'x', e: 'y', c: 'z', d: null })),
    ];
    expect(together(entries)).toBe(alone(entries));
    expect(together(entries)).toContain('<D:a>x</D:a><D:b/><D:c>z</D:c><D:d/>');
  });

  it('writes empty elements before, between and after the values, and a propstat with none at all', () => {
    const entries = [
      entry('/1', ok({ r: null, s: '', a: 'x', t: null, b: 'y', u: null, v: null })),
      entry('/2', ok({ r: null, s: '', a: 'x', t: null, b: 'y', u: null, v: null })),
      entry('/3', ok({ r: null, s: null })),
      entry('/4', ok({})),
      entry('/5', ok({ r: null, s: '', a: 'x', t: null, b: 'y', u: null })),
      entry('/6', ok({})),
    ];
    expect(together(entries)).toBe(alone(entries));
    expect(together(entries)).toContain(
      '<D:prop><D:r/><D:s/><D:a>x</D:a><D:t/><D:b>y</D:b><D:u/><D:v/></D:prop><D:status>HTTP/1.1 200 OK</D:status>',
    );
    expect(together(entries)).toContain('<D:href>/4</D:href><D:propstat><D:prop></D:prop>');
  });

  it('ends a propstat as its status and what follows it say, whatever the one before ended with', () => {
    const props = { a: 'x', b: null };
    const entries: Entry[] = [
      entry('/1', ok(props)),
      entry('/2', ok(props), { status: 404, props: { '{urn:e}p': null } }),
      entry('/3', { status: 403, props }),
      { href: '/4', propstat: [ok(props)], description: 'after the propstats' },
      entry('/5', ok(props, { description: 'in the propstat' })),
      entry('/6', ok(props, { error: el('{DAV:}cannot-modify-protected-property') })),
      entry('/7', ok(props)),
      { href: '/8', status: 404 },
      entry('/9', { status: 403, props }, ok(props)),
      entry('/10', ok(props)),
    ];
    expect(together(entries)).toBe(alone(entries));
    expect(together(entries)).toContain(
      '<D:href>/9</D:href><D:propstat><D:prop><D:a>x</D:a><D:b/></D:prop><D:status>HTTP/1.1 403 Forbidden</D:status></D:propstat><D:propstat><D:prop><D:a>x</D:a><D:b/></D:prop>',
    );
  });

  it('ends a propstat after a change that a propstat with a description made', () => {
    // The second propstat changes the last property and ends with its description: the third, laid out as
    // the second, must not end as the first did.
    const entries = [
      entry('/1', ok({ a: 'x', b: null })),
      entry('/2', ok({ a: 'x', c: null }, { description: 'why' })),
      entry('/3', ok({ a: 'x', c: null })),
    ];
    expect(together(entries)).toBe(alone(entries));
    expect(together(entries)).toContain('<D:href>/3</D:href><D:propstat><D:prop><D:a>x</D:a><D:c/></D:prop>');
  });

  it('ends a propstat that another follows after one with more properties ended the response', () => {
    const notFound: PropStat = { status: 404, props: { '{urn:e}p': null } };
    const entries = [
      entry('/1', ok({ a: 'x' }), notFound),
      entry('/2', ok({ a: 'x', b: null })),
      entry('/3', ok({ a: 'x', b: null }), notFound),
    ];
    expect(together(entries)).toBe(alone(entries));
    expect(together(entries)).toContain('<D:href>/3</D:href><D:propstat><D:prop><D:a>x</D:a><D:b/></D:prop>');
  });

  it('writes responses with more propstats than it remembers apart', () => {
    const statuses = [200, 401, 403, 404, 409, 424, 507];
    const many = (names: string[]) =>
      entry('/many', ...statuses.map((status, i) => ({ status, props: { [names[i % names.length]!]: `v${i}` } })));
    const entries = [many(['a', 'b']), many(['b', 'a']), many(['a', '{urn:e}a']), many(['a', 'b'])];
    expect(together(entries)).toBe(alone(entries));
  });

  it('writes the same text at a position again, and a changed one, after any kind of value there', () => {
    const texts: PropValue[] = ['t', 't', null, 't', 'u', 'u', 1, 'u', 't & u', 't & u', 't'];
    const entries = texts.map((v, i) => entry(`/${i}`, ok({ getcontenttype: v, n: i })));
    expect(together(entries)).toBe(alone(entries));
  });
});

const names = fc.constantFrom('a', 'b', 'c', 'getetag', '{urn:e}a', '{urn:e}d');
const value: fc.Arbitrary<PropValue> = fc.oneof(
  fc.constantFrom<PropValue>(null, '', 'x', 'x', 'a&b', '<y>', 0, 7, true, false, '\r', 'ü'),
  fc.constantFrom(el('{DAV:}collection'), Object.freeze(el('{urn:e}frozen')), [el('{DAV:}href', ['/h']), 'and']),
);
const propstat: fc.Arbitrary<PropStat> = fc.record(
  {
    status: fc.constantFrom(200, 200, 404, 403),
    // Keys in the order drawn, and a repeated key keeps its first place: any order, any subset.
    props: fc.array(fc.tuple(names, value), { maxLength: 5 }).map((pairs) => Object.fromEntries(pairs)),
    description: fc.constantFrom('why', 'a & b'),
    error: fc.constant(el('{DAV:}need-privileges')),
  },
  { requiredKeys: ['status', 'props'] },
);
const anyEntry: fc.Arbitrary<Entry> = fc.oneof(
  fc.record(
    {
      href: fc.constantFrom('/a', '/b c', '/d&e'),
      propstat: fc.array(propstat, { minLength: 1, maxLength: 6 }),
      description: fc.constant('about this one'),
    },
    { requiredKeys: ['href', 'propstat'] },
  ),
  fc.record({ href: fc.constant('/s'), status: fc.constantFrom(200, 404, 423) }),
);

describe('renderMultiStatus(entries) for any sequence of responses drawn from a few names and values', () => {
  it('writes each response exactly as it writes it alone', () => {
    fc.assert(
      fc.property(fc.array(anyEntry, { minLength: 2, maxLength: 12 }), (entries) => {
        expect(together(entries)).toBe(alone(entries));
      }),
      { numRuns: 400 },
    );
  });
});
