// Checks on the workspace as a whole: the whole TypeScript program type-checks (tests run transpile-only),
// the one lint and format configuration passes, and the README's commands match what CI and package.json pin.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(repo, file), 'utf8');

async function output(command: string, args: string[]): Promise<{ code: number; text: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: repo, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, text: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, text: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('the workspace', () => {
  it('type-checks with strict TypeScript (tsc -p tsconfig.json)', async () => {
    const result = await output(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.json']);
    expect(result.text).toBe('');
    expect(result.code).toBe(0);
  }, 180_000);

  it('passes the one lint and format configuration (biome check)', async () => {
    const result = await output(process.execPath, [
      path.join(repo, 'node_modules/@biomejs/biome/bin/biome'),
      'check',
      '.',
    ]);
    expect(result.code === 0 ? '' : result.text).toBe('');
  }, 120_000);

  it('pins one pnpm version, used by package.json, the README commands and CI', () => {
    const pinned = (JSON.parse(read('package.json')) as { packageManager: string }).packageManager;
    expect(pinned).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    const readme = read('README.md');
    expect(readme).toContain(`npx -y ${pinned} install && npx -y ${pinned} start`);
    expect(readme).toContain(`npx -y ${pinned} install --frozen-lockfile && npx -y ${pinned} test`);
    expect(read('.ci/run')).toContain(`npx -y ${pinned}`);
  });
});
