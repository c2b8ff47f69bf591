import { ErrorCodes, el, MultiStatusError, renderMultiStatus } from '@multistatus/core';

const json = (entries: Parameters<typeof renderMultiStatus>[0], options = {}) =>
  JSON.parse(renderMultiStatus(entries, { format: 'json', ...options }));

describe('renderMultiStatus(entries, { format: "json" })', () => {
  it('writes the canonical document: responses in order, then a summary', () => {
    expect(
      json([
        { href: '/users/1', status: 201, id: 'a', location: '/users/1', body: { id: 1 } },
        { href: '/users/2', status: 422, id: 'b', description: 'email is required' },
      ]),
    ).toEqual({
      responses: [
        { href: '/users/1', id: 'a', status: 201, location: '/users/1', body: { id: 1 } },
        {
          href: '/users/2',
          id: 'b',
          status: 422,
          description: 'email is required',
          problem: { type: 'about:blank', title: 'Unprocessable Entity', status: 422, detail: 'email is required' },
        },
      ],
      summary: { total: 2, succeeded: 1, failed: 1 },
    });
  });

  it('writes the literal text, one response per line', () => {
    expect(
      renderMultiStatus(
        [
          { href: '/a', status: 200 },
          { href: '/b', status: 500 },
        ],
        { format: 'json' },
      ),
    ).toBe(
      '{"responses":[\n{"href":"/a","status":200}\n,{"href":"/b","status":500,"problem":{"type":"about:blank","title":"Internal Server Error","status":500}}\n],"summary":{"total":2,"succeeded":1,"failed":1}}\n',
    );
  });

  it('keys props by full Clark name and keeps XML content as plain data', () => {
    expect(
      json([
        {
          href: '/d/',
          propstat: [
            { status: 200, props: { displayname: 'D', resourcetype: el('collection'), '{urn:x}n': 3 } },
            { status: 404, props: { '{urn:x}missing': null } },
          ],
        },
      ]).responses[0],
    ).toEqual({
      href: '/d/',
      propstat: [
        {
          status: 200,
          props: { '{DAV:}displayname': 'D', '{DAV:}resourcetype': { name: '{DAV:}collection' }, '{urn:x}n': 3 },
        },
        { status: 404, props: { '{urn:x}missing': null } },
      ],
    });
  });

  it('keeps error, descriptions and the multistatus description', () => {
    const doc = json(
      [
        {
          href: '/a',
          propstat: [
            { status: 403, props: { a: null }, description: 'no', error: el('{DAV:}cannot-modify-protected-property') },
          ],
          error: [el('x', [], { '{urn:y}attr': 'v', plain: 'w' }), 'text'],
          description: 'outer',
        },
      ],
      { description: 'all' },
    );
    expect(doc.description).toBe('all');
    expect(doc.responses[0]).toEqual({
      href: '/a',
      propstat: [
        {
          status: 403,
          props: { '{DAV:}a': null },
          error: { name: '{DAV:}cannot-modify-protected-property' },
          description: 'no',
        },
      ],
      description: 'outer',
      error: [{ name: '{DAV:}x', attrs: { '{urn:y}attr': 'v', plain: 'w' } }, 'text'],
    });
  });

  describe('the summary', () => {
    it('counts 2xx as succeeded, 4xx/5xx as failed, 3xx in the total only', () => {
      expect(
        json([
          { href: '/a', status: 200 },
          { href: '/b', status: 302, location: '/c' },
          { href: '/d', status: 404 },
        ]).summary,
      ).toEqual({ total: 3, succeeded: 1, failed: 1 });
    });
    it('counts a propstat entry as failed only when a propstat other than 404 failed', () => {
      expect(
        json([
          {
            href: '/a',
            propstat: [
              { status: 200, props: {} },
              { status: 404, props: { x: null } },
            ],
          },
          {
            href: '/b',
            propstat: [
              { status: 403, props: { x: null } },
              { status: 424, props: { y: null } },
            ],
          },
        ]).summary,
      ).toEqual({ total: 2, succeeded: 1, failed: 1 });
    });
  });

  it('applies minimal by dropping 404 propstats', () => {
    expect(
      json(
        [
          {
            href: '/a',
            propstat: [
              { status: 200, props: { a: '1' } },
              { status: 404, props: { b: null } },
            ],
          },
        ],
        { minimal: true },
      ).responses[0].propstat,
    ).toEqual([{ status: 200, props: { '{DAV:}a': '1' } }]);
  });

  it('carries characters XML cannot, escaped by JSON', () => {
    expect(json([{ href: '/a', status: 200, description: 'a\u0000b\uD800' }]).responses[0].description).toBe(
      'a\u0000b\uD800',
    );
  });

  it('validates entries as the XML form does', () => {
    expect(() => json([{ href: '/a', status: 199 }])).toThrow(MultiStatusError);
    try {
      json([{ href: '/a', status: 200, body: () => 1 }]);
    } catch (err) {
      expect((err as MultiStatusError).code).toBe(ErrorCodes.BODY_NOT_SERIALIZABLE);
    }
    expect.assertions(2);
  });
});
