import type { MultiStatusDocument } from '@multistatus/core';

/**
 * The `summary` of a JSON multistatus body: how many responses, and how many of them succeeded or failed.
 *
 * @example
 * const summary: MultiStatusSummary = { total: 3, succeeded: 2, failed: 1 };
 */
export interface MultiStatusSummary {
  total: number;
  succeeded: number;
  failed: number;
}

/**
 * A multistatus body read back into the entry model: what `multiStatusParser` puts in `res.body`, and what
 * every matcher accepts in place of a response.
 *
 * @example
 * const result: ParsedMultiStatus = { entries: [{ href: '/a', status: 200 }] };
 * expect(result).toHaveEntry('/a', 200);
 */
export interface ParsedMultiStatus extends MultiStatusDocument {
  /** JSON bodies only: the body's own `summary`, as sent. */
  summary?: MultiStatusSummary;
}

/**
 * The matchers this package adds to Jest's `expect`, for a return type `R`.
 *
 * @example
 * expect(res).toHavePropStat('/docs/', 'displayname', 200);
 */
export interface MultiStatusMatchers<R> {
  /**
   * Passes when the received response has status 207, no `Location` header (RFC 4918 §13.1) and a
   * well-formed multistatus body (XML or JSON); for a parsed result, when every entry is well-formed.
   *
   * @example
   * expect(await request(app).delete('/items').parse(multiStatusParser)).toBeMultiStatus();
   */
  toBeMultiStatus(): R;
  /**
   * Passes when the body has a response for `href` (compared as sent, or percent-decoded), with `status`
   * when one is given.
   *
   * @example
   * expect(res).toHaveEntry('/items/2', 404);
   */
  toHaveEntry(href: string, status?: number): R;
  /**
   * Passes when the response for `href` has the property `prop` (Clark notation; a bare name is in `DAV:`)
   * in a propstat with `status`.
   *
   * @example
   * expect(res).toHavePropStat('/docs/', '{http://example.com/ns}color', 404);
   */
  toHavePropStat(href: string, prop: string, status: number): R;
  /**
   * Passes when a JSON body's `summary` has the given counts (the ones left out are not checked).
   *
   * @example
   * expect(res).toHaveSummary({ total: 3, failed: 1 });
   */
  toHaveSummary(expected: Partial<MultiStatusSummary>): R;
}

/**
 * What a matcher needs from the `this` that `expect` gives it: Jest's and Vitest's contexts both fit.
 *
 * @example
 * const hint = context.utils.matcherHint('toHaveEntry', undefined, undefined, { isNot: context.isNot });
 */
export interface MatcherContextLike {
  isNot?: boolean;
  promise?: string;
  utils: {
    matcherHint(
      matcherName: string,
      received?: string,
      expected?: string,
      options?: { isNot?: boolean; promise?: string; secondArgument?: string },
    ): string;
    printReceived(value: unknown): string;
    printExpected(value: unknown): string;
  };
}

/**
 * What every matcher returns: whether it passed, and the message to show when the assertion fails.
 *
 * @example
 * const result: MatcherResult = { pass: true, message: () => 'expected no entry for "/a"' };
 */
export interface MatcherResult {
  pass: boolean;
  message: () => string;
}
