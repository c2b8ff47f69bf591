import type { Entry } from '@multistatus/core';
import { ErrorCodes, parseMultiStatus, renderMultiStatus, validateEntry } from '@multistatus/core';

const entry: Entry = {
  href: '/users/1',
  id: 'a',
  status: 200,
  headers: { etag: '"v2"', 'content-type': 'application/json; charset=utf-8' },
  body: { id: 1 },
};

describe('an entry with headers (batch item response headers)', () => {
  it('renders them in JSON between error and body', () => {
    expect(renderMultiStatus([entry], { format: 'json' })).toBe(
      '{"responses":[\n{"href":"/users/1","id":"a","status":200,"headers":{"etag":"\\"v2\\"","content-type":"application/json; charset=utf-8"},"body":{"id":1}}\n],"summary":{"total":1,"succeeded":1,"failed":0}}\n',
    );
  });
  it('renders them in XML as <M:headers> JSON text, after <M:id>, and reads them back', async () => {
    const xml = renderMultiStatus([entry]);
    expect(xml).toContain(
      '<M:id xmlns:M="urn:multistatus:ext">a</M:id><M:headers xmlns:M="urn:multistatus:ext">{"etag":"\\"v2\\"","content-type":"application/json; charset=utf-8"}</M:headers><M:body',
    );
    expect((await parseMultiStatus(xml)).entries).toEqual([entry]);
  });
  it('refuses headers that are not names to strings', () => {
    for (const headers of [[], { etag: 1 }, { 'bad name': 'x' }, null]) {
      expect(() => validateEntry({ href: '/a', status: 200, headers })).toThrow(
        expect.objectContaining({ code: ErrorCodes.INVALID_VALUE }),
      );
    }
  });
});
