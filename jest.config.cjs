// One Jest configuration for the whole workspace, with one project per package and per example.
//
// Toolchain choice: ts-jest supports TypeScript below 7 only, and TypeScript 7 (the native compiler) has no
// Jest transformer through ts-jest, so the workspace pins TypeScript 5.9. ts-jest runs in its
// transpile-only mode (isolatedModules) because that is several times faster; types are checked once, by
// `tsc -p tsconfig.json` inside the test suite (packages/core/test/package.test.ts), not per test file.
const path = require('node:path');
const fs = require('node:fs');

const transform = {
  '^.+\\.ts$': [
    'ts-jest',
    {
      // Tests run as CommonJS; the packages' sources are ESM syntax with bundler resolution.
      tsconfig: {
        module: 'commonjs',
        moduleResolution: 'node10',
        target: 'ES2022',
        isolatedModules: true,
        esModuleInterop: true,
        sourceMap: true,
      },
      diagnostics: false,
    },
  ],
};

// Tests import the workspace packages by name and get their TypeScript sources, so no build is needed to
// run them. The package tests that check the built files (import/require, publint, attw) use dist/.
const moduleNameMapper = {
  '^@multistatus/(core|express|koa|testing)$': `${__dirname}/packages/$1/src/index.ts`,
  '^@multistatus/testing/(.*)$': `${__dirname}/packages/testing/src/$1.ts`,
};

function project(dir) {
  const name = path.basename(dir);
  return {
    displayName: dir === __dirname ? 'workspace' : `${path.basename(path.dirname(dir))}/${name}`,
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform,
    moduleNameMapper,
    moduleFileExtensions: ['ts', 'js', 'cjs', 'mjs', 'json'],
  };
}

const dirs = ['packages', 'examples']
  .flatMap((top) =>
    fs.existsSync(path.join(__dirname, top))
      ? fs.readdirSync(path.join(__dirname, top)).map((d) => path.join(__dirname, top, d))
      : [],
  )
  .filter((d) => fs.existsSync(path.join(d, 'test')));
// The repository itself: checks on the workspace as a whole (test/).
dirs.push(__dirname);

module.exports = {
  projects: dirs.map(project),
  testTimeout: 30000,
};
