import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageDir = path.resolve(__dirname, '..');
const coreDir = path.resolve(packageDir, '../core');

const MAIN = [
  'multiStatusParser',
  'readMultiStatus',
  'toBeMultiStatus',
  'toHaveEntry',
  'toHavePropStat',
  'toHaveSummary',
];
const MATCHERS = ['toBeMultiStatus', 'toHaveEntry', 'toHavePropStat', 'toHaveSummary'];

function newest(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => statSync(path.join(dir, file)).mtimeMs),
  );
}

// `pnpm test` builds every package first. A bare `jest` run rebuilds this package's dist when it is
// missing or older than its sources, and core's only when it is missing: rebuilding core here would
// delete its dist under other packages' tests running at the same time.
function needsBuild(dir: string, whenStale: boolean): boolean {
  const built = path.join(dir, 'dist', 'index.js');
  if (!existsSync(built)) return true;
  return whenStale && statSync(built).mtimeMs < newest(path.join(dir, 'src'));
}

async function namesFrom(specifier: string): Promise<{ esm: string[]; cjs: string[] }> {
  const list = (m: string) => `console.log(JSON.stringify(Object.keys(${m}).filter((k) => k !== 'default').sort()))`;
  // Run inside the package, so that Node resolves its own name through `exports` (self-reference).
  const [esm, cjs] = await Promise.all([
    run(process.execPath, ['--input-type=module', '-e', `const m = await import('${specifier}'); ${list('m')}`], {
      cwd: packageDir,
    }),
    run(process.execPath, ['-e', list(`require('${specifier}')`)], { cwd: packageDir }),
  ]);
  return { esm: JSON.parse(esm.stdout) as string[], cjs: JSON.parse(cjs.stdout) as string[] };
}

describe('the built @multistatus/testing package', () => {
  beforeAll(() => {
    const filters = [
      ...(needsBuild(coreDir, false) ? ['--filter', '@multistatus/core'] : []),
      ...(needsBuild(packageDir, true) ? ['--filter', '@multistatus/testing'] : []),
    ];
    if (filters.length > 0) {
      execFileSync('npx', ['-y', 'pnpm@10.34.8', ...filters, '--workspace-concurrency=1', 'run', 'build'], {
        cwd: packageDir,
        stdio: 'ignore',
      });
    }
  }, 60_000);

  it('exposes the same names from import and require, for "."', async () => {
    const { esm, cjs } = await namesFrom('@multistatus/testing');
    expect(esm).toEqual(MAIN);
    expect(cjs).toEqual(MAIN);
  });

  it('exposes the same names from import and require, for "./matchers"', async () => {
    const { esm, cjs } = await namesFrom('@multistatus/testing/matchers');
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

  it('passes publint and @arethetypeswrong/cli', async () => {
    const [publint, attw] = await Promise.all([
      run('npx', ['publint', '--pack', 'npm', '--strict'], { cwd: packageDir }),
      run('npx', ['attw', '--pack', '.', '--format', 'json'], { cwd: packageDir }),
    ]);
    expect(publint.stdout).toMatch(/All good!/);
    const report = JSON.parse(attw.stdout) as { problems?: Record<string, unknown[]> };
    expect(Object.values(report.problems ?? {}).flat()).toEqual([]);
  }, 30_000);
});
