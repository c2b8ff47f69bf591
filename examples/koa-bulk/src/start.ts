import { createApp } from './app';

// Standalone start: `pnpm --filter @multistatus-examples/koa-bulk start` (the root `pnpm start` runs every
// example together).
const port = Number(process.env.PORT ?? 3002);
createApp().listen(port, '127.0.0.1', () => {
  console.log(`koa-bulk: http://127.0.0.1:${port}/users/bulk`);
});
