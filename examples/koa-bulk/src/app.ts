import Router from '@koa/router';
import { multiStatus } from '@multistatus/koa';
import Koa from 'koa';
// The store and the per-item logic are the Express example's: only the HTTP layer differs.
import { bulkCreate, refuseBulkRequest } from '../../express-bulk/src/bulk-create';
import { UserStore } from '../../express-bulk/src/users';
import { readJson } from './read-json';

export { MAX_ITEMS } from '../../express-bulk/src/bulk-create';

/**
 * The bulk create app on Koa: `POST /users/bulk` with a JSON array of `{ email, name }` answers one 207 where
 * each item is 201 (created, with its body and location), 409 (the e-mail address is taken) or 422 (invalid).
 *
 * @example
 * createApp().listen(3002);
 */
export function createApp(options: { users?: UserStore } = {}): Koa {
  const users = options.users ?? new UserStore();
  const app = new Koa();
  const router = new Router();
  app.use(multiStatus());

  router.post('/users/bulk', async (ctx) => {
    const items = await readJson(ctx.req, 1024 * 1024);
    const refusal = refuseBulkRequest(items);
    if (refusal) {
      ctx.status = refusal.status;
      ctx.body = refusal.problem;
      return;
    }
    const entries = await bulkCreate(users, items as unknown[]);
    await ctx.multiStatus(entries);
  });

  router.get('/users/:id', (ctx) => {
    const user = users.get(ctx.params.id ?? '');
    if (user) ctx.body = user;
    else {
      ctx.status = 404;
      ctx.body = { type: 'about:blank', title: 'Not Found', status: 404 };
    }
  });

  app.use(router.routes()).use(router.allowedMethods());
  return app;
}
