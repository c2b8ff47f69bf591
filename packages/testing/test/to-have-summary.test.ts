import '@multistatus/testing/jest';
import type { ParsedMultiStatus } from '@multistatus/testing';

const result: ParsedMultiStatus = {
  entries: [
    { href: '/a', status: 200 },
    { href: '/b', status: 201 },
    { href: '/c', status: 409 },
  ],
  summary: { total: 3, succeeded: 2, failed: 1 },
};

describe('expect(received).toHaveSummary({ total?, succeeded?, failed? })', () => {
  describe('when the summary has the given counts', () => {
    it('passes with all three', () => {
      expect(result).toHaveSummary({ total: 3, succeeded: 2, failed: 1 });
    });

    it('passes with some of them, checking only those', () => {
      expect(result).toHaveSummary({ failed: 1 });
    });
  });

  describe('when a count differs', () => {
    it('fails, showing the expected counts and the whole summary', () => {
      expect(() => expect(result).toHaveSummary({ failed: 0 })).toThrow(
        /toHaveSummary[\s\S]*Expected a summary with .*"failed": 0[\s\S]*Received: .*"failed": 1, "succeeded": 2, "total": 3/,
      );
    });
  });

  describe('.not', () => {
    it('passes when a count differs', () => {
      expect(result).not.toHaveSummary({ total: 3, failed: 0 });
    });

    it('fails when every count matches', () => {
      expect(() => expect(result).not.toHaveSummary({ total: 3 })).toThrow(
        /Expected a summary other than .*"total": 3/,
      );
    });
  });

  describe('when there is no summary', () => {
    it('throws, because XML bodies have none, even under .not', () => {
      expect(() => expect({ entries: [] }).not.toHaveSummary({ total: 0 })).toThrow(
        /Matcher error: received multistatus has no summary: the summary is part of the JSON form only/,
      );
    });
  });

  describe('when the expected counts are wrong', () => {
    it('throws for an unknown key or a negative count', () => {
      expect(() => expect(result).toHaveSummary({ totl: 3 } as never)).toThrow(
        /Matcher error: expected must be an object/,
      );
      expect(() => expect(result).toHaveSummary({ total: -1 })).toThrow(/Matcher error/);
      expect(() => expect(result).toHaveSummary({})).toThrow(/Matcher error/);
    });
  });
});
