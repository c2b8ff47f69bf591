import type { Demo } from './src/demo';
import { startDemos } from './src/start-demos';

// The root `pnpm start`. One line per example: a module whose `demo` export says how to run and try it.
const modules: Array<Promise<{ demo: Demo }>> = [
  import('../express-bulk/src/demo'),
  import('../koa-bulk/src/demo'),
  import('../express-propfind/src/demo'),
  import('../express-batch/src/demo'),
  import('../webdav-server/src/demo'),
];

async function main(): Promise<void> {
  const demos = (await Promise.all(modules)).map((m) => m.demo);
  const port = Number(process.env.PORT ?? 3000);
  const { banner, close } = await startDemos(demos, { port });
  console.log(banner);
  const stop = () => {
    void close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
