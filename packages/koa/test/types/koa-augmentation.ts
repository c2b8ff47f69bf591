// Type test, compiled by tsc from types.test.ts: importing @multistatus/koa makes `ctx.multiStatus` and
// `ctx.response.multiStatus` true on every Koa context, @koa/router's included.
import Router from '@koa/router';
import type { MultiStatusOptions } from '@multistatus/koa';
import { multiStatus } from '@multistatus/koa';
import type { Context } from 'koa';
import Koa from 'koa';

const app = new Koa();
app.use(multiStatus({ invalidChars: 'strip' }));

app.use(async (ctx, next) => {
  const done: Promise<void> = ctx.multiStatus([{ href: '/a', status: 200 }]);
  await done;
  await ctx.response.multiStatus([{ href: '/b', propstat: [{ status: 200, props: { displayname: 'B' } }] }]);
  // @ts-expect-error an entry without href is a type error (so ctx.multiStatus is not DefaultContext's `any`)
  await ctx.multiStatus([{ status: 200 }]);
  // @ts-expect-error an entry has status or propstat, not both
  await ctx.response.multiStatus([{ href: '/a', status: 200, propstat: [] }]);
  await next();
});

interface AppState {
  user: string;
}
const typed = new Koa<AppState>();
typed.use(async (ctx) => {
  ctx.state.user satisfies string;
  await ctx.multiStatus([{ href: `/users/${ctx.state.user}`, status: 200 }], { format: 'json' });
});

const router = new Router();
router.post('/users/bulk', async (ctx) => {
  async function* entries() {
    yield { href: `/users/${ctx.params.id}`, status: 201 } as const;
  }
  await ctx.multiStatus(entries(), { description: 'created' });
  // @ts-expect-error the format is 'xml' or 'json'
  await ctx.multiStatus([], { format: 'yaml' });
});
app.use(router.routes());

function handler(ctx: Context): Promise<void> {
  return ctx.multiStatus([{ href: '/c', status: 302, location: '/d' }]);
}

const options: MultiStatusOptions = { namespaces: { E: 'http://example.com/ns/' } };

export { app, handler, options, typed };
