import { parseIfHeader } from '../src/parse-if-header';

describe('parseIfHeader(header)', () => {
  describe('with untagged lists', () => {
    it('returns each list with its conditions, Not and entity tags included', () => {
      expect(parseIfHeader('(<urn:uuid:1> ["e1"]) (Not <DAV:no-lock>)')).toEqual([
        {
          resource: undefined,
          conditions: [
            { not: false, token: 'urn:uuid:1' },
            { not: false, etag: '"e1"' },
          ],
        },
        { resource: undefined, conditions: [{ not: true, token: 'DAV:no-lock' }] },
      ]);
    });
  });

  describe('with tagged lists', () => {
    it('tags every list with the resource before it', () => {
      expect(parseIfHeader('<http://h/a> (<urn:uuid:1>) (["x"]) </b> (Not ["y"])')).toEqual([
        { resource: 'http://h/a', conditions: [{ not: false, token: 'urn:uuid:1' }] },
        { resource: 'http://h/a', conditions: [{ not: false, etag: '"x"' }] },
        { resource: '/b', conditions: [{ not: true, etag: '"y"' }] },
      ]);
    });
  });

  describe('when the header is malformed', () => {
    it.each([
      ['an empty header', ''],
      ['an unclosed list', '(<urn:uuid:1>'],
      ['an empty list', '()'],
      ['a bare word', '(foo)'],
      ['tagged after untagged', '(<urn:a>) <http://h/> (<urn:b>)'],
    ])('rejects %s with a 400', (_why, header) => {
      expect(() => parseIfHeader(header)).toThrow(expect.objectContaining({ status: 400 }));
    });
  });
});
