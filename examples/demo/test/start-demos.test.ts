import request from 'supertest';
import { demo as expressBulk } from '../../express-bulk/src/demo';
import { demo as expressPropfind } from '../../express-propfind/src/demo';
import { demo as koaBulk } from '../../koa-bulk/src/demo';
import type { Demo } from '../src/demo';
import { startDemos } from '../src/start-demos';

describe('the demo server (root `pnpm start`)', () => {
  const demos: Demo[] = [expressBulk, koaBulk, expressPropfind];

  it('starts every example on loopback and prints its URL and commands to try', async () => {
    const { running, banner, close } = await startDemos(demos, { port: 0 });
    try {
      for (const { demo, url } of running) {
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(banner).toContain(`${url}${demo.path}`);
        expect(banner).toContain(`$ curl -s`);
      }
      const [bulk, koa, propfind] = running;
      const created = await request(bulk?.url ?? '')
        .post('/users/bulk')
        .set('Accept', 'application/json')
        .send([{ email: 'ada@example.com', name: 'Ada' }]);
      expect(created.status).toBe(207);
      const koaCreated = await request(koa?.url ?? '')
        .post('/users/bulk')
        .set('Accept', 'application/json')
        .send([{ email: 'ada@example.com', name: 'Ada' }]);
      expect(koaCreated.body.summary).toEqual({ total: 1, succeeded: 1, failed: 0 });
      const listed = await request(propfind?.url ?? '')
        .propfind('/docs/')
        .set('Depth', '1');
      expect(listed.status).toBe(207);
    } finally {
      await close();
    }
  });

  it('says which port is taken, instead of crashing, when one is', async () => {
    const first = await startDemos([expressBulk], { port: 0 });
    const taken = Number(new URL(first.running[0]?.url ?? '').port);
    try {
      await expect(startDemos([expressBulk], { port: taken })).rejects.toThrow(
        `Port ${taken} (for express-bulk) is in use: start with PORT=<another base port>.`,
      );
    } finally {
      await first.close();
    }
  });
});
