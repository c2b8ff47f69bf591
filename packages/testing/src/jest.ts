// The setup entry: `setupFilesAfterEnv: ['@multistatus/testing/jest']`, or import it in a test file.
import { expect } from '@jest/globals';
import { toBeMultiStatus } from './matchers/to-be-multi-status';
import { toHaveEntry } from './matchers/to-have-entry';
import { toHavePropStat } from './matchers/to-have-prop-stat';
import { toHaveSummary } from './matchers/to-have-summary';
import type { MultiStatusMatchers } from './types';

expect.extend({ toBeMultiStatus, toHaveEntry, toHavePropStat, toHaveSummary });

// `expect` from @jest/globals takes its matchers from the `expect` package.
declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends MultiStatusMatchers<R> {}
}

// The global `expect` is typed by @types/jest.
declare global {
  namespace jest {
    // biome-ignore lint/complexity/noBannedTypes: the declaration must repeat @types/jest's own default.
    interface Matchers<R, T = {}> extends MultiStatusMatchers<R> {}
  }
}
