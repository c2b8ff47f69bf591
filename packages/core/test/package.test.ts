import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkPublishable, createConsumer, ensureBuilt, exportedNames, run } from '../../../test/support/built-package';

const repo = path.resolve(__dirname, '../../..');

// The public surface is the list in src/index.ts: the built package must expose exactly its value exports.
function declaredValueExports(): string[] {
  const source = readFileSync(path.join(__dirname, '../src/index.ts'), 'utf8');
  const names: string[] = [];
  for (const m of source.matchAll(/^export \{([^}]*)\} from/gm)) {
    for (const name of m[1]!.split(','))
      if (name.trim())
        names.push(
          name
            .trim()
            .split(/\s+as\s+/)
            .pop()!,
        );
  }
  return names.sort();
}

describe('the built @multistatus/core package', () => {
  let consumer: ReturnType<typeof createConsumer>;
  beforeAll(() => {
    ensureBuilt(['core', 'express', 'koa']);
    consumer = createConsumer(undefined);
  }, 120_000);
  afterAll(() => consumer.remove());

  it('exposes the same names from import and require, exactly the ones src/index.ts lists', async () => {
    const { esm, cjs } = await exportedNames('@multistatus/core', consumer.dir);
    expect(esm).toEqual(declaredValueExports());
    expect(cjs).toEqual(esm);
  });

  it('renders the same document through import and require', async () => {
    const program = (load: string) => `${load}; console.log(m.renderMultiStatus([{ href: '/a', status: 404 }]))`;
    const [esm, cjs] = await Promise.all([
      run(process.execPath, ['--input-type=module', '-e', program("const m = await import('@multistatus/core')")], {
        cwd: consumer.dir,
      }),
      run(process.execPath, ['-e', program("const m = require('@multistatus/core')")], { cwd: consumer.dir }),
    ]);
    expect(esm.stdout).toContain('<D:status>HTTP/1.1 404 Not Found</D:status>');
    expect(cjs.stdout).toBe(esm.stdout);
  });

  // publint and @arethetypeswrong/cli for the packages whose own package test does not run them.
  describe.each(['core', 'express', 'koa'])('@multistatus/%s as published', (name) => {
    it('passes publint (strict) and @arethetypeswrong/cli for every resolution mode', async () => {
      const result = await checkPublishable(path.join(repo, 'packages', name));
      expect(result.publint).toMatch(/All good!/);
      expect(result.entrypoints).toContain('.');
      expect(result.attwProblems).toEqual([]);
    }, 90_000);
  });
});
