import type { Entry } from '@multistatus/core';

function decoded(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}

/**
 * The entries for `href`. Hrefs go out percent-encoded (RFC 4918 §8.3 makes them URI references), so a
 * test may name them either way: `/a b` finds `/a%20b`.
 */
export function findEntries(entries: readonly Entry[], href: string): Entry[] {
  const wanted = decoded(href);
  return entries.filter((entry) => entry.href === href || decoded(entry.href) === wanted);
}
