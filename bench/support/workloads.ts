// The documents the benchmarks share, built from the entry model.
import type { Entry } from '@multistatus/core';

export const CUSTOM_NS = 'http://example.com/ns/bench/';

/** A PROPFIND-like answer: `n` files with 6 DAV properties, every 10th with a 404 propstat in a custom namespace. */
export function propfindEntries(n: number): Entry[] {
  const entries: Entry[] = [];
  const modified = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
  for (let i = 0; i < n; i++) {
    const name = `report-${i} & notes.txt`;
    const propstat = [
      {
        status: 200,
        props: {
          displayname: name,
          getcontentlength: 1000 + i,
          getlastmodified: new Date(modified.getTime() + i * 1000).toUTCString(),
          getetag: `"${(i * 2654435761).toString(16)}"`,
          getcontenttype: 'text/plain',
          resourcetype: null,
        },
      },
    ];
    if (i % 10 === 0) propstat.push({ status: 404, props: { [`{${CUSTOM_NS}}color`]: null } as never });
    entries.push({ href: `/files/report-${i}%20%26%20notes.txt`, propstat });
  }
  return entries;
}

/** A REST batch answer: 100 items, most created (201 with a body), some invalid (422) or duplicates (409). */
export function batchEntries(n = 100): Entry[] {
  const entries: Entry[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 10 === 3)
      entries.push({ href: `/users/${i}`, id: String(i), status: 422, description: 'email is required' });
    else if (i % 10 === 7)
      entries.push({ href: `/users/${i}`, id: String(i), status: 409, description: 'already exists' });
    else
      entries.push({
        href: `/users/${i}`,
        id: String(i),
        status: 201,
        location: `/users/${i}`,
        body: { id: i, name: `User ${i}`, email: `user${i}@example.com`, roles: ['reader'] },
      });
  }
  return entries;
}
