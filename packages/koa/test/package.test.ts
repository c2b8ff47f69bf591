import path from 'node:path';
import { compile, createConsumer, ensureBuilt, exportedNames, run } from '../../../test/support/built-package';

const NAMES = ['batch', 'multiStatus', 'sendMultiStatus'];

describe('the built @multistatus/koa package', () => {
  let consumer: ReturnType<typeof createConsumer>;
  beforeAll(() => {
    ensureBuilt(['core', 'express', 'koa']);
    consumer = createConsumer(path.join(__dirname, 'types/fixtures/nodenext'));
  }, 120_000);
  afterAll(() => consumer.remove());

  it('exposes the same names from import and require', async () => {
    const { esm, cjs } = await exportedNames('@multistatus/koa', consumer.dir);
    expect(esm).toEqual(NAMES);
    expect(cjs).toEqual(NAMES);
  });

  it('patches none of Koa’s prototypes when imported, on Koa 2 and 3', async () => {
    const koa2 = path.dirname(require.resolve('koa2/package.json'));
    for (const framework of ['koa', koa2]) {
      const { stdout } = await run(
        process.execPath,
        [
          '-e',
          `const Koa = require('${framework}'); require('@multistatus/koa'); const app = new Koa();` +
            `console.log(JSON.stringify(['multiStatus' in app.context, 'multiStatus' in app.response]));`,
        ],
        { cwd: consumer.dir },
      );
      expect(JSON.parse(stdout)).toEqual([false, false]);
    }
  });

  it('lets a strict TypeScript app use ctx.multiStatus under moduleResolution nodenext, as ESM and CJS', async () => {
    await expect(compile(consumer.dir)).resolves.toBe('');
  }, 60_000);
});
