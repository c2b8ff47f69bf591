import path from 'node:path';
import { checkPublishable, createConsumer, ensureBuilt, exportedNames } from '../../../test/support/built-package';

const packageDir = path.resolve(__dirname, '..');

const MAIN = [
  'multiStatusParser',
  'readMultiStatus',
  'toBeMultiStatus',
  'toHaveEntry',
  'toHavePropStat',
  'toHaveSummary',
];
const MATCHERS = ['toBeMultiStatus', 'toHaveEntry', 'toHavePropStat', 'toHaveSummary'];

describe('the built @multistatus/testing package', () => {
  let consumer: ReturnType<typeof createConsumer>;
  beforeAll(() => {
    ensureBuilt(['core', 'testing']);
    consumer = createConsumer(undefined);
  }, 120_000);
  afterAll(() => consumer.remove());

  it('exposes the same names from import and require, for "."', async () => {
    const { esm, cjs } = await exportedNames('@multistatus/testing', consumer.dir);
    expect(esm).toEqual(MAIN);
    expect(cjs).toEqual(MAIN);
  });

  it('exposes the same names from import and require, for "./matchers"', async () => {
    const { esm, cjs } = await exportedNames('@multistatus/testing/matchers', consumer.dir);
    expect(esm).toEqual(MATCHERS);
    expect(cjs).toEqual(MATCHERS);
  });

  it('registers the matchers from its "./jest" setup entry', () => {
    // Under Jest, the setup entry's `@jest/globals` is this test's own `expect`.
    require(path.join(packageDir, 'dist', 'jest.cjs'));
    const result = { entries: [{ href: '/a', status: 200 }] };
    expect(result).toHaveEntry('/a', 200);
    expect(() => expect(result).toHaveEntry('/b')).toThrow(/Expected an entry for .*"\/b"/);
  });

  it('passes publint (strict) and @arethetypeswrong/cli for every entry point', async () => {
    const result = await checkPublishable(packageDir);
    expect(result.publint).toMatch(/All good!/);
    expect(result.entrypoints).toEqual(expect.arrayContaining(['.', './jest', './matchers']));
    expect(result.attwProblems).toEqual([]);
  }, 90_000);
});
