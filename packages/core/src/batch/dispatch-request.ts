import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createSocketPair } from './internal/create-socket-pair';
import { markSubRequest } from './internal/sub-request';

/**
 * A Node request listener: an Express app, `koaApp.callback()`, or any `(req, res) => void`.
 *
 * @example
 * const listener: RequestListener = (req, res) => res.end('ok');
 */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** One sub-request, ready for the wire. */
export interface DispatchRequest {
  method: string;
  /** A path starting with a single `/`, already checked. */
  path: string;
  /** Lower-case names; values already checked for forbidden characters. */
  headers: Record<string, string>;
  body?: Buffer;
}

/** How one sub-request is bounded and what its connection reports. */
export interface DispatchOptions {
  /** Milliseconds before the sub-request is abandoned (`timeout` outcome). */
  timeout: number;
  /** Bytes of response body before the sub-request is abandoned (`too-large` outcome). */
  maxResponseBytes: number;
  /** Aborts the sub-request (`aborted` outcome), e.g. when the batch deadline passes. */
  signal?: AbortSignal;
  remoteAddress?: string;
  encrypted?: boolean;
}

/** What became of one sub-request. */
export type DispatchOutcome =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: 'timeout' }
  | { kind: 'too-large' }
  | { kind: 'aborted' }
  | { kind: 'failed'; error: Error };

/** Sends one sub-request through the app in-process and resolves with its outcome; never rejects. */
export type Dispatcher = (req: DispatchRequest, options: DispatchOptions) => Promise<DispatchOutcome>;

const servers = new WeakMap<RequestListener, Server>();

// One never-listening server per app: it owns the HTTP parser and the req/res objects the app sees, exactly
// as for real traffic, so the app's whole middleware stack runs and nothing is patched.
function serverFor(listener: RequestListener): Server {
  let server = servers.get(listener);
  if (!server) {
    server = createServer((req, res) => {
      markSubRequest(req);
      try {
        listener(req, res);
      } catch {
        // A listener that throws synchronously must not take the batch down; the item becomes a 500.
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      }
    });
    servers.set(listener, server);
  }
  return server;
}

/**
 * Creates a dispatcher that runs sub-requests through `listener` over an in-memory socket pair: a real
 * `http.request` on one end, a real (never listening) `http.Server` on the other, so each sub-request has
 * its own `req` and `res` and goes through the app's full middleware stack. Nothing touches the network.
 *
 * @example
 * const dispatch = createDispatcher(app);
 * const outcome = await dispatch({ method: 'GET', path: '/users/1', headers: {} }, { timeout: 5000, maxResponseBytes: 1e6 });
 */
export function createDispatcher(listener: RequestListener): Dispatcher {
  const server = serverFor(listener);
  return (req, options) =>
    new Promise<DispatchOutcome>((resolve) => {
      const pair = createSocketPair({ remoteAddress: options.remoteAddress, encrypted: options.encrypted });
      let settled = false;
      const finish = (outcome: DispatchOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (outcome.kind !== 'response') {
          // Closing the connection tells the app the client is gone (`req` emits 'close'), as a real client would.
          clientRequest.destroy();
          pair.client.destroy();
        }
        resolve(outcome);
      };
      const onAbort = (): void => finish({ kind: 'aborted' });
      const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeout);

      const headers: Record<string, string> = { ...req.headers };
      if (req.body) headers['content-length'] = String(req.body.length);
      const clientRequest = request({
        method: req.method,
        path: req.path,
        headers,
        createConnection: () => pair.client,
        // No agent: one connection per sub-request, closed when it is answered.
        agent: undefined,
      });
      clientRequest.on('error', (error) => finish({ kind: 'failed', error }));
      clientRequest.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxResponseBytes) finish({ kind: 'too-large' });
          else chunks.push(chunk);
        });
        res.on('end', () =>
          finish({
            kind: 'response',
            status: res.statusCode ?? 500,
            headers: res.headers,
            body: Buffer.concat(chunks, size),
          }),
        );
        res.on('error', (error) => finish({ kind: 'failed', error }));
        res.on('aborted', () => finish({ kind: 'failed', error: new Error('The response was cut short.') }));
      });

      if (options.signal?.aborted) {
        finish({ kind: 'aborted' });
        return;
      }
      options.signal?.addEventListener('abort', onAbort, { once: true });
      server.emit('connection', pair.server);
      clientRequest.end(req.body);
    });
}
