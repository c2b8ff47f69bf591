import fc from 'fast-check';
import { formatHttpDate, formatIsoDate } from '../src/internal/format-date';

describe('formatHttpDate(date)', () => {
  it('writes the epoch as an IMF-fixdate', () => {
    expect(formatHttpDate(new Date(0))).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('agrees with Date#toUTCString for any instant between 1970 and 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799999 }), (ms) => {
        expect(formatHttpDate(new Date(ms))).toBe(new Date(ms).toUTCString());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatIsoDate(date)', () => {
  it('agrees with Date#toISOString to the second for any instant between 1970 and 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253402300799999 }), (ms) => {
        expect(formatIsoDate(new Date(ms))).toBe(`${new Date(ms).toISOString().slice(0, 19)}Z`);
      }),
      { numRuns: 2000 },
    );
  });
});
