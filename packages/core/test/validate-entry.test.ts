import { ErrorCodes, MultiStatusError, validateEntry } from '@multistatus/core';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MultiStatusError);
    return (err as MultiStatusError).code;
  }
  return undefined;
}

describe('validateEntry(entry)', () => {
  describe('when the entry is well formed', () => {
    it('accepts a status entry', () => {
      expect(codeOf(() => validateEntry({ href: '/a', status: 200 }))).toBeUndefined();
    });
    it('accepts a propstat entry', () => {
      expect(
        codeOf(() => validateEntry({ href: '/a', propstat: [{ status: 404, props: { x: null } }] })),
      ).toBeUndefined();
    });
    it('accepts 304 without location (not a redirect)', () => {
      expect(codeOf(() => validateEntry({ href: '/a', status: 304 }))).toBeUndefined();
    });
  });

  describe('when an entry is 1xx', () => {
    it('rejects it with a message naming the value, the href and the rule', () => {
      expect(() => validateEntry({ href: '/a', status: 102 })).toThrow(
        'Invalid status code: 102 for "/a". Entries must have a final status (200-599); 1xx is not allowed in a multistatus (RFC 4918 §13).',
      );
      expect(codeOf(() => validateEntry({ href: '/a', status: 100 }))).toBe(ErrorCodes.INFORMATIONAL_STATUS);
    });
    it('rejects a 1xx propstat too', () => {
      expect(codeOf(() => validateEntry({ href: '/a', propstat: [{ status: 101, props: {} }] }))).toBe(
        ErrorCodes.INFORMATIONAL_STATUS,
      );
    });
  });

  describe('when a status is not an integer in 200-599', () => {
    it.each([[600], [99], [200.5], ['200'], [Number.NaN], [-1]])('rejects %p', (status) => {
      expect(codeOf(() => validateEntry({ href: '/a', status } as never))).toBe(ErrorCodes.INVALID_STATUS);
    });
    it('names the propstat whose status it is', () => {
      const propstat = [
        { status: 200, props: { a: null } },
        { status: 700, props: { b: null } },
      ];
      expect(() => validateEntry({ href: '/a', propstat })).toThrow(
        'Invalid status code: 700 for "/a" (propstat[1]). A status must be an integer from 200 to 599.',
      );
    });
  });

  describe('when href is missing or empty', () => {
    it.each([[{ status: 200 }], [{ href: '', status: 200 }], [{ href: 3, status: 200 }]])('rejects %p', (entry) => {
      expect(codeOf(() => validateEntry(entry))).toBe(ErrorCodes.MISSING_HREF);
    });
  });

  describe('when status and propstat are both or neither present', () => {
    it('rejects both', () => {
      expect(codeOf(() => validateEntry({ href: '/a', status: 200, propstat: [] } as never))).toBe(
        ErrorCodes.STATUS_AND_PROPSTAT,
      );
    });
    it('rejects neither', () => {
      expect(codeOf(() => validateEntry({ href: '/a' }))).toBe(ErrorCodes.NO_STATUS);
    });
  });

  describe('when a redirect has no location', () => {
    it.each([[300], [301], [302], [303], [305], [307], [308]])('rejects %p (RFC 4918 §13.2)', (status) => {
      expect(codeOf(() => validateEntry({ href: '/a', status }))).toBe(ErrorCodes.REDIRECT_WITHOUT_LOCATION);
    });
    it('accepts the redirect once location is given', () => {
      expect(codeOf(() => validateEntry({ href: '/a', status: 301, location: '/b' }))).toBeUndefined();
    });
  });

  describe('when the entry is not an object', () => {
    it.each([[null], [42], ['x'], [[]]])('rejects %p', (entry) => {
      expect(codeOf(() => validateEntry(entry))).toBe(ErrorCodes.INVALID_ENTRY);
    });
  });

  describe('when propstat is malformed', () => {
    it.each([[[]], [[{ status: 200 }]], [[null]], ['x']])('rejects %p', (propstat) => {
      expect(codeOf(() => validateEntry({ href: '/a', propstat } as never))).toBe(ErrorCodes.INVALID_PROPSTAT);
    });
  });
});
