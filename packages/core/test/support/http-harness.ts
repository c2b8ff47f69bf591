import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Runs a handler as an app would: its outcome is recorded, and when it fails before writing anything the
 * app's own error handling answers a 500 (which a test can tell from the kit's output).
 */
export function runAsApp(
  handler: (res: http.ServerResponse) => Promise<void>,
  res: http.ServerResponse,
): Promise<PromiseSettledResult<void>> {
  return handler(res).then(
    () => ({ status: 'fulfilled', value: undefined }) as const,
    (reason: unknown) => {
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end('handled by the app');
      }
      return { status: 'rejected', reason } as const;
    },
  );
}

/** A real HTTP server on 127.0.0.1 with an OS-chosen port. */
export interface TestServer {
  readonly port: number;
  close(): Promise<void>;
}

export function listen(handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** What a real client saw: `complete` is false when the body was cut short (no last chunk, a reset). */
export interface ClientResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  complete: boolean;
  error: (Error & { code?: string }) | undefined;
}

export interface RequestOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}

/** Sends one request with Node's own client (a fresh connection) and reads the whole response. */
export function request(port: number, options: RequestOptions = {}): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const parts: Buffer[] = [];
        let error: (Error & { code?: string }) | undefined;
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('error', (err) => {
          error = err;
        });
        res.on('close', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(parts).toString('utf8'),
            complete: res.complete,
            error,
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Waits until `read()` stops changing (sampled every `every` ms), for "the producer has stalled". */
export async function settled<T>(read: () => T, every = 50, stableSamples = 4): Promise<T> {
  let last = read();
  let stable = 0;
  while (stable < stableSamples) {
    await new Promise((r) => setTimeout(r, every));
    const now = read();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

/** Listener counts of the events the writer uses, to check that it leaves none behind. */
export function listenerCounts(emitter: NodeJS.EventEmitter): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of ['close', 'drain', 'error', 'finish', 'end', 'timeout', 'data'])
    counts[name] = emitter.listenerCount(name);
  return counts;
}
