import { createApp } from './app';

// Standalone start: `pnpm --filter @multistatus-examples/express-propfind start` (the root `pnpm start` runs
// every example together).
const port = Number(process.env.PORT ?? 3003);
createApp().listen(port, '127.0.0.1', () => {
  console.log(`express-propfind: http://127.0.0.1:${port}/`);
});
