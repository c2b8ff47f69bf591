import path from 'node:path';
import { run } from '../../../test/support/built-package';

describe('the Koa context augmentation', () => {
  it('types ctx.multiStatus and ctx.response.multiStatus, @koa/router included: test/types/koa-augmentation.ts compiles, its @ts-expect-error lines included', async () => {
    const tsc = require.resolve('typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', path.join(__dirname, 'types/tsconfig.json')]).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
    );
    expect(result.stdout).toBe('');
  }, 60_000);
});
