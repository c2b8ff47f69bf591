// The matchers alone, with no side effects: `expect.extend(matchers)` in Jest or Vitest.
export { toBeMultiStatus } from './matchers/to-be-multi-status';
export { toHaveEntry } from './matchers/to-have-entry';
export { toHavePropStat } from './matchers/to-have-prop-stat';
export { toHaveSummary } from './matchers/to-have-summary';
