import { createApp } from './app';

// Standalone start: `pnpm --filter @multistatus-examples/express-bulk start` (the root `pnpm start` runs
// every example together).
const port = Number(process.env.PORT ?? 3001);
createApp().listen(port, '127.0.0.1', () => {
  console.log(`express-bulk: http://127.0.0.1:${port}/users/bulk`);
});
