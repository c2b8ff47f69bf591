import '@multistatus/testing/jest';
import type { ParsedMultiStatus } from '@multistatus/testing';

const result: ParsedMultiStatus = {
  entries: [
    { href: '/items/1', status: 201 },
    { href: '/items/2', status: 404 },
    { href: '/files/a%20b.txt', status: 200 },
    { href: '/docs/', propstat: [{ status: 200, props: { '{DAV:}displayname': 'Docs' } }] },
  ],
};

describe('expect(received).toHaveEntry(href, status?)', () => {
  describe('when the multistatus has a response for href', () => {
    it('passes without a status', () => {
      expect(result).toHaveEntry('/items/1');
    });

    it('passes with the status that response carries', () => {
      expect(result).toHaveEntry('/items/2', 404);
    });

    it('finds a percent-encoded href by its decoded form, and the other way round', () => {
      expect(result).toHaveEntry('/files/a b.txt', 200);
      expect({ entries: [{ href: '/x y', status: 200 }] }).toHaveEntry('/x%20y');
    });

    it('fails with another status, naming both', () => {
      expect(() => expect(result).toHaveEntry('/items/2', 200)).toThrow(
        /toHaveEntry[\s\S]*Expected an entry for .*"\/items\/2".* with status .*200[\s\S]*Received:\n.*"\/items\/2".* .*404/,
      );
    });

    it('points at toHavePropStat when the response has propstats', () => {
      expect(() => expect(result).toHaveEntry('/docs/', 200)).toThrow(/has propstats.*use toHavePropStat/);
    });
  });

  describe('when the multistatus has no response for href', () => {
    it('fails and lists the hrefs it has', () => {
      expect(() => expect(result).toHaveEntry('/items/3')).toThrow(
        /Expected an entry for .*"\/items\/3"[\s\S]*Received entries:\n.*"\/items\/1".* .*201\n.*"\/items\/2"/,
      );
    });
  });

  describe('.not', () => {
    it('passes when there is no such response', () => {
      expect(result).not.toHaveEntry('/items/3');
      expect(result).not.toHaveEntry('/items/1', 500);
    });

    it('fails when there is one, showing it', () => {
      expect(() => expect(result).not.toHaveEntry('/items/1', 201)).toThrow(
        /\.not\.toHaveEntry[\s\S]*Expected no entry for .*"\/items\/1".* with status .*201[\s\S]*Received:\n.*"\/items\/1"/,
      );
    });
  });

  describe('when the arguments or the received value are wrong', () => {
    it('throws for an empty href, even under .not', () => {
      expect(() => expect(result).not.toHaveEntry('')).toThrow(/Matcher error: href must be a non-empty string/);
    });

    it('throws for a status that is not an integer', () => {
      expect(() => expect(result).toHaveEntry('/items/1', 2.5)).toThrow(/Matcher error: status must be an integer/);
    });

    it('throws for a value that is neither a response nor a parsed multistatus, even under .not', () => {
      expect(() => expect({ hello: 'world' }).not.toHaveEntry('/a')).toThrow(
        /Matcher error: received value must be a response .* or a parsed multistatus/,
      );
      expect(() => expect('text').toHaveEntry('/a')).toThrow(/Matcher error/);
    });
  });
});
