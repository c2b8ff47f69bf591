import { matcherError } from '../internal/matcher-error';
import { requireResult } from '../internal/require-result';
import type { MatcherContextLike, MatcherResult, MultiStatusSummary } from '../types';

const KEYS = ['total', 'succeeded', 'failed'] as const;

/**
 * Passes when a JSON multistatus body's `summary` has the given counts; counts left out are not checked.
 * XML bodies have no summary, so asking for one is a matcher error.
 *
 * @example
 * expect(res).toHaveSummary({ total: 3, succeeded: 2, failed: 1 });
 * expect(res).toHaveSummary({ failed: 0 });
 */
export function toHaveSummary(
  this: MatcherContextLike,
  received: unknown,
  expected: Partial<MultiStatusSummary>,
): MatcherResult {
  const { isNot, promise } = this;
  const { printExpected, printReceived, matcherHint } = this.utils;
  const hint = matcherHint('toHaveSummary', undefined, 'expected', { isNot, promise });
  const valid =
    expected !== null &&
    typeof expected === 'object' &&
    Object.keys(expected).length > 0 &&
    Object.entries(expected).every(
      ([key, value]) =>
        (KEYS as readonly string[]).includes(key) &&
        (value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= 0)),
    );
  if (!valid) {
    throw matcherError(
      hint,
      'expected must be an object with at least one of total, succeeded, failed (non-negative integers)',
      `expected: ${printExpected(expected)}`,
    );
  }
  const result = requireResult(this, hint, received);
  const { summary } = result;
  if (summary === undefined) {
    throw matcherError(
      hint,
      'received multistatus has no summary: the summary is part of the JSON form only (XML bodies have none)',
    );
  }
  const wanted = KEYS.filter((key) => expected[key] !== undefined);
  const pass = wanted.every((key) => summary[key] === expected[key]);
  const picked = Object.fromEntries(wanted.map((key) => [key, expected[key]]));
  const message = (): string =>
    pass
      ? `${hint}\n\nExpected a summary other than ${printExpected(picked)}\nReceived: ${printReceived(summary)}`
      : `${hint}\n\nExpected a summary with ${printExpected(picked)}\nReceived: ${printReceived(summary)}`;
  return { pass, message };
}
