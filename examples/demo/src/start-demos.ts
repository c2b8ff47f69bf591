import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Demo } from './demo';

/** A running demo: its name, base URL and server. */
export interface RunningDemo {
  demo: Demo;
  url: string;
  server: http.Server;
}

/**
 * Starts every demo on its own loopback port, from `port` upward (0: any free ports), and returns them
 * running with the text to print.
 *
 * @example
 * const { running, banner } = await startDemos(demos, { port: 3000 });
 */
export async function startDemos(
  demos: Demo[],
  options: { port: number; host?: string },
): Promise<{ running: RunningDemo[]; banner: string; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  const running: RunningDemo[] = [];
  const close = async () => {
    await Promise.all(
      running.map(async ({ server }) => {
        server.closeAllConnections();
        server.close();
        await once(server, 'close');
      }),
    );
  };
  try {
    for (const [index, demo] of demos.entries()) {
      const server = http.createServer(demo.createListener());
      const port = options.port === 0 ? 0 : options.port + index;
      server.listen(port, host);
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', (err: NodeJS.ErrnoException) => {
          reject(
            new Error(
              err.code === 'EADDRINUSE'
                ? `Port ${port} (for ${demo.name}) is in use: start with PORT=<another base port>.`
                : `Cannot listen on ${host}:${port} for ${demo.name}: ${err.message}`,
            ),
          );
        });
      });
      const { port: actual } = server.address() as AddressInfo;
      running.push({ demo, url: `http://${host}:${actual}`, server });
    }
  } catch (error) {
    await close();
    throw error;
  }
  const lines = ['multistatus demo: the examples on in-memory stores, on loopback only. Ctrl-C stops it.', ''];
  for (const { demo, url } of running) {
    lines.push(`  ${demo.name.padEnd(18)} ${url}${demo.path}`, `    ${demo.summary}`);
    for (const command of demo.tryIt(url)) lines.push(`    $ ${command}`);
    lines.push('');
  }
  return { running, banner: lines.join('\n'), close };
}
