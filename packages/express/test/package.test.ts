import path from 'node:path';
import express from 'express';
import { compile, createConsumer, ensureBuilt, exportedNames, run } from '../../../test/support/built-package';

const NAMES = ['batch', 'multiStatus', 'sendMultiStatus'];

describe('the built @multistatus/express package', () => {
  let consumer: ReturnType<typeof createConsumer>;
  beforeAll(() => {
    ensureBuilt(['core', 'express', 'koa']);
    consumer = createConsumer(path.join(__dirname, 'types/fixtures/nodenext'));
  }, 120_000);
  afterAll(() => consumer.remove());

  it('exposes the same names from import and require', async () => {
    const { esm, cjs } = await exportedNames('@multistatus/express', consumer.dir);
    expect(esm).toEqual(NAMES);
    expect(cjs).toEqual(NAMES);
  });

  it('patches nothing when imported: express.response stays as it was, on Express 4 and 5', async () => {
    const script = (framework: string, load: string) =>
      `const e = require('${framework}'); const before = Object.getOwnPropertyNames(e.response).join();` +
      `${load}; const after = Object.getOwnPropertyNames(e.response).join();` +
      `console.log(JSON.stringify([before === after, 'multiStatus' in e.response]));`;
    const express4 = path.dirname(require.resolve('express4/package.json'));
    for (const framework of ['express', express4]) {
      const cjs = await run(process.execPath, ['-e', script(framework, "require('@multistatus/express')")], {
        cwd: consumer.dir,
      });
      expect(JSON.parse(cjs.stdout)).toEqual([true, false]);
    }
    expect('multiStatus' in express.response).toBe(false);
  });

  it('lets a strict TypeScript app use res.multiStatus under moduleResolution nodenext, as ESM and CJS', async () => {
    await expect(compile(consumer.dir)).resolves.toBe('');
  }, 60_000);
});
