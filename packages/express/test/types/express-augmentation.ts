// Type test, compiled by tsc from types.test.ts: importing @multistatus/express makes `res.multiStatus`
// true on Express's Response, with core's entry types.

import type { MultiStatusOptions } from '@multistatus/express';
import { multiStatus, sendMultiStatus } from '@multistatus/express';
import type { Request, Response } from 'express';
import express from 'express';

const app = express();
app.use(multiStatus({ namespaces: { E: 'http://example.com/ns/' } }));

app.get('/array', async (_req: Request, res: Response) => {
  const done: Promise<void> = res.multiStatus([
    { href: '/a', status: 200 },
    { href: '/b', propstat: [{ status: 404, props: { '{http://example.com/ns/}color': null } }] },
    { href: '/c', status: 301, location: '/d' },
  ]);
  await done;
});

app.get('/async', (_req, res, next) => {
  async function* entries() {
    yield { href: '/a', status: 200 } as const;
  }
  res.multiStatus(entries(), { format: 'json' }).catch(next);
});

const router = express.Router();
router.get('/r', (_req, res, next) => {
  sendMultiStatus(res, [{ href: '/a', status: 200 }], { description: 'done' }).catch(next);
  // @ts-expect-error an entry without href is a type error
  res.multiStatus([{ status: 200 }]);
  // @ts-expect-error an entry has status or propstat, not both
  res.multiStatus([{ href: '/a', status: 200, propstat: [{ status: 200, props: {} }] }]);
  // @ts-expect-error the format is 'xml' or 'json'
  res.multiStatus([{ href: '/a', status: 200 }], { format: 'yaml' });
});
app.use(router);

const options: MultiStatusOptions = { invalidChars: 'strip' };
// @ts-expect-error invalidChars is 'replace', 'strip' or 'throw'
const badOptions: MultiStatusOptions = { invalidChars: 'ignore' };

export { app, badOptions, options };
