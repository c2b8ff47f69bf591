import { defineConfig } from 'tsup';

// One build configuration for every package: each package's `build` script runs tsup in its own folder,
// and tsup finds this file by walking up. ESM and CommonJS, each with its own declaration file
// (.d.ts / .d.cts) so that @arethetypeswrong/cli finds no masquerading types.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
  treeshake: true,
});
