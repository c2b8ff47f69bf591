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

describe('the formatted-date cache', () => {
  it('gives the same texts for dates seen before, in any order and past the point where it is emptied', () => {
    // 3,000 instants within 40 seconds, interleaved with 1,500 distinct seconds that fill the cache past its size.
    const instants: number[] = [];
    for (let i = 0; i < 3000; i++) instants.push(1_700_000_000_000 + ((i * 7919) % 40_000));
    for (let i = 0; i < 1500; i++) instants.splice(i * 2, 0, 1_600_000_000_000 + i * 1000 + (i % 999));
    for (const ms of instants) {
      expect(formatHttpDate(new Date(ms))).toBe(new Date(ms).toUTCString());
      expect(formatIsoDate(new Date(ms))).toBe(`${new Date(ms).toISOString().slice(0, 19)}Z`);
    }
  });
});
