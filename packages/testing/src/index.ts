// The public surface of @multistatus/testing. The Jest setup entry is `@multistatus/testing/jest`; the
// matchers alone (no side effects) are `@multistatus/testing/matchers`.

export { toBeMultiStatus } from './matchers/to-be-multi-status';
export { toHaveEntry } from './matchers/to-have-entry';
export { toHavePropStat } from './matchers/to-have-prop-stat';
export { toHaveSummary } from './matchers/to-have-summary';
export type { ParserCallback, ParserResponseStream } from './multi-status-parser';
export { multiStatusParser } from './multi-status-parser';
export type { MultiStatusSource } from './read-multi-status';
export { readMultiStatus } from './read-multi-status';
export type {
  MatcherContextLike,
  MatcherResult,
  MultiStatusMatchers,
  MultiStatusSummary,
  ParsedMultiStatus,
} from './types';
