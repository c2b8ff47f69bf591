import { type Entry, ErrorCodes, MultiStatusCollector, MultiStatusError, renderMultiStatus } from '@multistatus/core';

describe('MultiStatusCollector', () => {
  describe('add(entry)', () => {
    it('keeps valid entries in order and is iterable', () => {
      const collector = new MultiStatusCollector();
      collector
        .add({ href: '/a', status: 201 })
        .add({ href: '/b', propstat: [{ status: 200, props: { displayname: 'B' } }] });
      expect(collector.size).toBe(2);
      expect([...collector].map((e) => e.href)).toEqual(['/a', '/b']);
      expect(collector.toArray()).toEqual([
        { href: '/a', status: 201 },
        { href: '/b', propstat: [{ status: 200, props: { displayname: 'B' } }] },
      ]);
    });
    it('throws at once, naming the entry, for an invalid entry, and keeps nothing of it', () => {
      const collector = new MultiStatusCollector();
      let error: unknown;
      try {
        collector.add({ href: '/moved', status: 301 });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(MultiStatusError);
      expect((error as MultiStatusError).code).toBe(ErrorCodes.REDIRECT_WITHOUT_LOCATION);
      expect((error as MultiStatusError).href).toBe('/moved');
      expect(collector.size).toBe(0);
    });
    it('rejects a 1xx entry', () => {
      expect(() => new MultiStatusCollector().add({ href: '/a', status: 100 })).toThrow(
        expect.objectContaining({ code: ErrorCodes.INFORMATIONAL_STATUS }),
      );
    });
    it('rejects an entry without href', () => {
      expect(() => new MultiStatusCollector().add({ status: 200 } as unknown as Entry)).toThrow(
        expect.objectContaining({ code: ErrorCodes.MISSING_HREF }),
      );
    });
  });

  describe('toArray()', () => {
    it('returns a copy, so the collector cannot be changed behind its back', () => {
      const collector = new MultiStatusCollector().add({ href: '/a', status: 200 });
      collector.toArray().push({ href: '/b', status: 200 });
      expect(collector.size).toBe(1);
    });
  });

  it('can be rendered like an array of entries', () => {
    const collector = new MultiStatusCollector().add({ href: '/a', status: 204 });
    expect(renderMultiStatus(collector)).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">\n' +
        '<D:response><D:href>/a</D:href><D:status>HTTP/1.1 204 No Content</D:status></D:response>\n' +
        '</D:multistatus>\n',
    );
  });
});
