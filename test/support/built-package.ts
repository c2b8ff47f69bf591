import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** Runs a command and resolves with its output; rejects with stdout and stderr in the message. */
export const run = promisify(execFile);

const repo = path.resolve(__dirname, '../..');

function newest(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => statSync(path.join(dir, file)).mtimeMs),
  );
}

function isStale(name: string): boolean {
  const dir = path.join(repo, 'packages', name);
  const built = path.join(dir, 'dist', 'index.d.ts');
  return !existsSync(built) || statSync(built).mtimeMs < newest(path.join(dir, 'src'));
}

/**
 * Makes sure `dist/` of the named packages is built from the current sources: `pnpm test` builds first, a
 * bare `jest` run rebuilds what is stale here.
 */
export function ensureBuilt(names: string[]): void {
  if (!names.some(isStale)) return;
  // Jest runs the package tests in parallel workers: one build at a time, or one would delete the dist/
  // another is reading. A directory is the lock (mkdir is atomic); a lock older than two minutes is stale.
  const lock = path.join(os.tmpdir(), `multistatus-build-${path.basename(repo)}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for another build to finish (lock: ${lock})`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    const stale = names.filter(isStale);
    if (stale.length === 0) return;
    execFileSync(
      'npx',
      [
        '-y',
        'pnpm@10.34.8',
        ...stale.flatMap((name) => ['--filter', `@multistatus/${name}`]),
        '--workspace-concurrency=1',
        'run',
        'build',
      ],
      { cwd: repo, stdio: 'ignore' },
    );
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * A throwaway consumer project outside the repository, as an app that installed the packages would be:
 * `node_modules` links to the workspace packages (so their `exports` and built types are what resolves)
 * and to the frameworks and `@types` the app itself would install. `files` are copied from `fixtureDir`.
 */
export function createConsumer(fixtureDir: string | undefined): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'multistatus-consumer-'));
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '@multistatus'), { recursive: true });
  mkdirSync(path.join(modules, '@types'), { recursive: true });
  mkdirSync(path.join(modules, '@koa'), { recursive: true });
  for (const name of ['core', 'express', 'koa', 'testing']) {
    symlinkSync(path.join(repo, 'packages', name), path.join(modules, '@multistatus', name), 'dir');
  }
  for (const name of ['express', 'koa', '@koa/router', '@types/node', '@types/express', '@types/koa', 'typescript']) {
    symlinkSync(path.join(repo, 'node_modules', name), path.join(modules, name), 'dir');
  }
  if (fixtureDir) cpSync(fixtureDir, dir, { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The names a built package exposes to `import` and to `require`, each sorted, from a consumer directory. */
export async function exportedNames(specifier: string, cwd: string): Promise<{ esm: string[]; cjs: string[] }> {
  const list = (m: string) => `console.log(JSON.stringify(Object.keys(${m}).filter((k) => k !== 'default').sort()))`;
  const [esm, cjs] = await Promise.all([
    run(process.execPath, ['--input-type=module', '-e', `const m = await import('${specifier}'); ${list('m')}`], {
      cwd,
    }),
    run(process.execPath, ['-e', list(`require('${specifier}')`)], { cwd }),
  ]);
  return { esm: JSON.parse(esm.stdout) as string[], cjs: JSON.parse(cjs.stdout) as string[] };
}

/** Compiles a consumer project with the TypeScript the workspace uses; resolves with tsc's output. */
export async function compile(dir: string): Promise<string> {
  try {
    const { stdout } = await run(process.execPath, [path.join(dir, 'node_modules/typescript/bin/tsc'), '-p', dir]);
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`tsc failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** What publint (strict) and @arethetypeswrong/cli say of a package directory, packed as npm would publish it. */
export async function checkPublishable(
  dir: string,
): Promise<{ publint: string; attwProblems: unknown[]; entrypoints: string[] }> {
  const [publint, attw] = await Promise.all([
    run('npx', ['publint', '--pack', 'npm', '--strict'], { cwd: dir }),
    // attw exits non-zero when it finds problems; its JSON report is what the test reads.
    run('npx', ['attw', '--pack', '.', '--format', 'json'], { cwd: dir }).catch((err: { stdout: string }) => err),
  ]);
  const report = JSON.parse(attw.stdout) as {
    analysis: { problems: unknown[]; entrypoints: object };
    problems: object;
  };
  return {
    publint: publint.stdout,
    attwProblems: [...report.analysis.problems, ...Object.values(report.problems).flat()],
    entrypoints: Object.keys(report.analysis.entrypoints),
  };
}
