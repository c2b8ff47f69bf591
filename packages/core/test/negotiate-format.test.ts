import { ErrorCodes, MultiStatusError, type MultiStatusFormat, negotiateFormat } from '@multistatus/core';

describe('negotiateFormat(accept, offered)', () => {
  describe('when the client sends no Accept header', () => {
    it('returns the first offered format', () => {
      expect(negotiateFormat(undefined)).toBe('xml');
      expect(negotiateFormat(undefined, ['json', 'xml'])).toBe('json');
    });
    it('treats an empty or blank header as no header', () => {
      expect(negotiateFormat('')).toBe('xml');
      expect(negotiateFormat('  ', ['json'])).toBe('json');
    });
  });

  describe('when the client names one of the formats', () => {
    it('returns json for application/json', () => {
      expect(negotiateFormat('application/json')).toBe('json');
    });
    it('returns xml for application/xml and for text/xml', () => {
      expect(negotiateFormat('application/xml')).toBe('xml');
      expect(negotiateFormat('text/xml')).toBe('xml');
    });
    it('follows q-values over the order of the header', () => {
      expect(negotiateFormat('application/xml;q=0.5, application/json')).toBe('json');
      expect(negotiateFormat('application/json;q=0.2, text/xml;q=0.9')).toBe('xml');
    });
    it('reads several Accept header lines as one list', () => {
      expect(negotiateFormat(['text/html', 'application/json'])).toBe('json');
    });
    it('matches media types case-insensitively', () => {
      expect(negotiateFormat('Application/JSON')).toBe('json');
    });
  });

  describe('when the client accepts anything', () => {
    it('returns the first offered format for */*', () => {
      expect(negotiateFormat('*/*')).toBe('xml');
      expect(negotiateFormat('*/*', ['json', 'xml'])).toBe('json');
    });
    it('prefers the named type over a wildcard with the same q', () => {
      expect(negotiateFormat('*/*, application/json')).toBe('json');
    });
    it('matches application/* to the first offered application type', () => {
      expect(negotiateFormat('application/*', ['json', 'xml'])).toBe('json');
    });
    it('honours q=0 as "not this one"', () => {
      expect(negotiateFormat('application/xml;q=0, text/xml;q=0, */*')).toBe('json');
    });
  });

  describe('when nothing offered is acceptable', () => {
    it('returns undefined', () => {
      expect(negotiateFormat('image/png')).toBeUndefined();
      expect(negotiateFormat('application/json', ['xml'])).toBeUndefined();
    });
  });

  describe('when the offered list is wrong', () => {
    it('throws INVALID_OPTION for an empty list', () => {
      expect(() => negotiateFormat('application/json', [])).toThrow(MultiStatusError);
      expect(() => negotiateFormat('application/json', [])).toThrow(
        expect.objectContaining({ code: ErrorCodes.INVALID_OPTION }),
      );
    });
    it('throws INVALID_OPTION naming an unknown format', () => {
      expect(() => negotiateFormat(undefined, ['yaml' as MultiStatusFormat])).toThrow(
        "Invalid offered format: \"yaml\". A multistatus body is 'xml' or 'json'.",
      );
    });
  });
});
