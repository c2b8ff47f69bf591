import { createApp, DEMO_TOKEN } from './app';

// Standalone start: `pnpm --filter @multistatus-examples/express-batch start` (the root `pnpm start` runs
// every example together).
const port = Number(process.env.PORT ?? 3003);
createApp().listen(port, '127.0.0.1', () => {
  console.log(`express-batch: POST http://127.0.0.1:${port}/batch (Authorization: Bearer ${DEMO_TOKEN})`);
});
