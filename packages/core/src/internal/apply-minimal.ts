import type { PropStat } from '../types';

const EMPTY_OK: PropStat[] = [{ status: 200, props: {} }];

/**
 * RFC 8144 §2.1: with `Prefer: return=minimal` a PROPFIND answer leaves out the 404 propstats. A response must
 * keep at least one propstat (RFC 4918 DTD: propstat+), so an entry left with none gets an empty 200 one.
 */
export function applyMinimal(propstat: PropStat[]): PropStat[] {
  let kept: PropStat[] | undefined;
  for (let i = 0; i < propstat.length; i++) {
    const ps = propstat[i] as PropStat;
    if (ps.status === 404) {
      kept ??= propstat.slice(0, i);
    } else if (kept) kept.push(ps);
  }
  if (kept === undefined) return propstat;
  return kept.length > 0 ? kept : EMPTY_OK;
}
