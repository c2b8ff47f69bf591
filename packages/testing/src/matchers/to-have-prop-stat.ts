import type { Entry } from '@multistatus/core';
import { toFullClark } from '../internal/clark';
import { describeEntries } from '../internal/describe-entries';
import { findEntries } from '../internal/find-entries';
import { matcherError } from '../internal/matcher-error';
import { requireResult } from '../internal/require-result';
import type { MatcherContextLike, MatcherResult } from '../types';

/** The statuses of the propstats that hold `prop` (a full Clark name) in these entries. */
function statusesOf(entries: readonly Entry[], prop: string): number[] {
  const statuses: number[] = [];
  for (const entry of entries) {
    for (const propstat of entry.propstat ?? []) {
      if (Object.keys(propstat.props).some((name) => toFullClark(name) === prop)) statuses.push(propstat.status);
    }
  }
  return statuses;
}

/**
 * Passes when the response for `href` lists the property `prop` in a propstat with `status`. `prop` is a
 * Clark name; a bare name is in `DAV:` (`'displayname'` is `'{DAV:}displayname'`).
 *
 * @example
 * expect(res).toHavePropStat('/docs/', 'displayname', 200);
 * expect(res).toHavePropStat('/docs/', '{http://example.com/ns}color', 404);
 */
export function toHavePropStat(
  this: MatcherContextLike,
  received: unknown,
  href: string,
  prop: string,
  status: number,
): MatcherResult {
  const { isNot, promise } = this;
  const { printExpected, printReceived, matcherHint } = this.utils;
  const hint = matcherHint('toHavePropStat', undefined, 'href, prop, status', { isNot, promise });
  if (typeof href !== 'string' || href.length === 0) {
    throw matcherError(hint, 'href must be a non-empty string', `href: ${printExpected(href)}`);
  }
  if (typeof prop !== 'string' || prop.length === 0 || (prop.startsWith('{') && !prop.includes('}'))) {
    throw matcherError(
      hint,
      'prop must be a Clark name such as "displayname" or "{urn:x}color"',
      `prop: ${printExpected(prop)}`,
    );
  }
  if (typeof status !== 'number' || !Number.isInteger(status)) {
    throw matcherError(hint, 'status must be an integer', `status: ${printExpected(status)}`);
  }
  const result = requireResult(this, hint, received);
  const name = toFullClark(prop);
  const matches = findEntries(result.entries, href);
  const statuses = statusesOf(matches, name);
  const pass = statuses.includes(status);
  const wanted = `${printExpected(name)} with status ${printExpected(status)} for ${printExpected(href)}`;
  const message = (): string => {
    if (pass) return `${hint}\n\nExpected no propstat ${wanted}\nReceived:\n${describeEntries(this, matches)}`;
    if (matches.length === 0) {
      return `${hint}\n\nExpected a propstat ${wanted}\nReceived no entry for that href; entries:\n${describeEntries(this, result.entries)}`;
    }
    const found =
      statuses.length > 0
        ? `Received ${printReceived(name)} with status ${statuses.map((s) => printReceived(s)).join(', ')}`
        : `Received no propstat holding ${printReceived(name)}`;
    return `${hint}\n\nExpected a propstat ${wanted}\n${found}; the entry:\n${describeEntries(this, matches)}`;
  };
  return { pass, message };
}
