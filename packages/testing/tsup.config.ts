import { defineConfig } from 'tsup';

// Three entries: the main one (parser, reader, matchers, types), the Jest setup entry (the only one with a
// side effect: it calls expect.extend) and the pure matchers. ESM and CommonJS, each with its own
// declaration file, like every package here. Shared code goes into chunks, so the matchers that
// `./jest` registers are the very functions `.` and `./matchers` export.
export default defineConfig({
  entry: ['src/index.ts', 'src/jest.ts', 'src/matchers.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  treeshake: true,
  external: ['@jest/globals', 'expect', '@multistatus/core'],
});
