import '@multistatus/testing/jest';
import type { ParsedMultiStatus } from '@multistatus/testing';

const result: ParsedMultiStatus = {
  entries: [
    {
      href: '/docs/',
      propstat: [
        { status: 200, props: { '{DAV:}displayname': 'Docs', '{DAV:}resourcetype': { name: '{DAV:}collection' } } },
        { status: 404, props: { '{http://example.com/ns}color': null } },
      ],
    },
    { href: '/gone', status: 404 },
  ],
};

describe('expect(received).toHavePropStat(href, prop, status)', () => {
  describe('when the property is in a propstat with that status', () => {
    it('passes for a bare name, which is in DAV:', () => {
      expect(result).toHavePropStat('/docs/', 'displayname', 200);
    });

    it('passes for a full Clark name', () => {
      expect(result).toHavePropStat('/docs/', '{DAV:}resourcetype', 200);
      expect(result).toHavePropStat('/docs/', '{http://example.com/ns}color', 404);
    });

    it('reads bare keys in a hand-written result as DAV: too', () => {
      expect({ entries: [{ href: '/a', propstat: [{ status: 200, props: { getetag: '"1"' } }] }] }).toHavePropStat(
        '/a',
        '{DAV:}getetag',
        200,
      );
    });
  });

  describe('when the property has another status', () => {
    it('fails and names the status it has', () => {
      expect(() => expect(result).toHavePropStat('/docs/', '{http://example.com/ns}color', 200)).toThrow(
        /Expected a propstat .*"\{http:\/\/example.com\/ns\}color".* with status .*200.* for .*"\/docs\/"[\s\S]*Received .*color.* with status .*404/,
      );
    });
  });

  describe('when the property is in no propstat', () => {
    it('fails and lists the properties the entry has', () => {
      expect(() => expect(result).toHavePropStat('/docs/', 'getetag', 200)).toThrow(
        /Received no propstat holding .*"\{DAV:\}getetag"[\s\S]*\{DAV:\}displayname, \{DAV:\}resourcetype/,
      );
    });

    it('fails for an entry with a status of its own', () => {
      expect(() => expect(result).toHavePropStat('/gone', 'displayname', 404)).toThrow(
        /Received no propstat holding[\s\S]*"\/gone".* .*404/,
      );
    });
  });

  describe('when there is no response for href', () => {
    it('fails and lists the entries', () => {
      expect(() => expect(result).toHavePropStat('/nope', 'displayname', 200)).toThrow(
        /Received no entry for that href; entries:\n.*"\/docs\/"/,
      );
    });
  });

  describe('.not', () => {
    it('passes when the property is not there with that status', () => {
      expect(result).not.toHavePropStat('/docs/', 'displayname', 404);
      expect(result).not.toHavePropStat('/nope', 'displayname', 200);
    });

    it('fails when it is', () => {
      expect(() => expect(result).not.toHavePropStat('/docs/', 'displayname', 200)).toThrow(
        /\.not\.toHavePropStat[\s\S]*Expected no propstat .*"\{DAV:\}displayname"/,
      );
    });
  });

  describe('when the arguments are wrong', () => {
    it('throws for a malformed Clark name', () => {
      expect(() => expect(result).not.toHavePropStat('/docs/', '{DAV:displayname', 200)).toThrow(
        /Matcher error: prop must be a Clark name/,
      );
    });

    it('throws for a missing status', () => {
      // @ts-expect-error the status is required
      expect(() => expect(result).toHavePropStat('/docs/', 'displayname')).toThrow(
        /Matcher error: status must be an integer/,
      );
    });
  });
});
