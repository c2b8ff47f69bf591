import { describeEntries } from '../internal/describe-entries';
import { findEntries } from '../internal/find-entries';
import { matcherError } from '../internal/matcher-error';
import { requireResult } from '../internal/require-result';
import type { MatcherContextLike, MatcherResult } from '../types';

/**
 * Passes when the multistatus has a response for `href` (as sent, or percent-decoded) and, when `status`
 * is given, that response has this status for the resource as a whole.
 *
 * @example
 * expect(res).toHaveEntry('/items/2', 404);
 * expect(res).not.toHaveEntry('/items/3');
 */
export function toHaveEntry(this: MatcherContextLike, received: unknown, href: string, status?: number): MatcherResult {
  const { isNot, promise } = this;
  const { printExpected, matcherHint } = this.utils;
  const hint = matcherHint('toHaveEntry', undefined, 'href', {
    isNot,
    promise,
    ...(status === undefined ? {} : { secondArgument: 'status' }),
  });
  if (typeof href !== 'string' || href.length === 0) {
    throw matcherError(hint, 'href must be a non-empty string', `href: ${printExpected(href)}`);
  }
  if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status))) {
    throw matcherError(hint, 'status must be an integer when given', `status: ${printExpected(status)}`);
  }
  const result = requireResult(this, hint, received);
  const matches = findEntries(result.entries, href);
  const hits = status === undefined ? matches : matches.filter((entry) => entry.status === status);
  const pass = hits.length > 0;
  const wanted = `${printExpected(href)}${status === undefined ? '' : ` with status ${printExpected(status)}`}`;
  const message = (): string => {
    if (pass) return `${hint}\n\nExpected no entry for ${wanted}\nReceived:\n${describeEntries(this, hits)}`;
    if (matches.length === 0) {
      return `${hint}\n\nExpected an entry for ${wanted}\nReceived entries:\n${describeEntries(this, result.entries)}`;
    }
    const note = matches.every((entry) => entry.propstat !== undefined)
      ? '\n\nThat entry has propstats, not a status of its own: use toHavePropStat(href, prop, status).'
      : '';
    return `${hint}\n\nExpected an entry for ${wanted}\nReceived:\n${describeEntries(this, matches)}${note}`;
  };
  return { pass, message };
}
