import {
  Agent,
  type ClientRequest,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { createSocketPair, type SocketPairOptions } from './internal/create-socket-pair';
import { markSubRequest } from './internal/sub-request';

/**
 * A Node request listener: an Express app, `koaApp.callback()`, or any `(req, res) => void`.
 *
 * @example
 * const listener: RequestListener = (req, res) => res.end('ok');
 */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * One sub-request, ready for the wire.
 *
 * @example
 * const req: DispatchRequest = { method: 'GET', path: '/users/1', headers: { accept: 'application/json' } };
 */
export interface DispatchRequest {
  method: string;
  /** A path starting with a single `/`, already checked. */
  path: string;
  /** Lower-case names; values already checked for forbidden characters. */
  headers: Record<string, string>;
  body?: Buffer;
}

/**
 * How sub-requests are bounded and what their connections report.
 *
 * @example
 * const options: DispatcherOptions = { timeout: 10_000, maxResponseBytes: 1 << 20, remoteAddress: '203.0.113.9' };
 */
export interface DispatcherOptions extends SocketPairOptions {
  /** Milliseconds before a sub-request is abandoned (`timeout` outcome). */
  timeout: number;
  /** Bytes of response body before a sub-request is abandoned (`too-large` outcome). */
  maxResponseBytes: number;
  /** In-memory connections kept open at most, each reused by sub-requests one after another. Default 5. */
  maxConnections?: number;
}

/**
 * What became of one sub-request.
 *
 * @example
 * if (outcome.kind === 'response') console.log(outcome.status, outcome.body.toString());
 */
export type DispatchOutcome =
  | { kind: 'response'; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { kind: 'timeout' }
  | { kind: 'too-large' }
  | { kind: 'aborted' }
  | { kind: 'failed'; error: Error };

/**
 * Sends sub-requests through an app in-process; see {@link createDispatcher}.
 *
 * @example
 * const outcome = await dispatcher.dispatch({ method: 'GET', path: '/users/1', headers: {} });
 */
export interface Dispatcher {
  /** Sends one sub-request and resolves with its outcome; never rejects. */
  dispatch(req: DispatchRequest): Promise<DispatchOutcome>;
  /** Abandons every running sub-request (`aborted` outcome), e.g. when the batch deadline passes. */
  abort(): void;
  /** Closes the idle connections; call it when the batch is done. */
  close(): void;
}

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

// An agent whose connections are in-memory socket pairs handed to the never-listening server. Keep-alive
// reuses a connection for the next sub-request, as a client would over TCP, which saves setting up a parser
// and a socket per item.
class InProcessAgent extends Agent {
  readonly #server: Server;
  readonly #pair: SocketPairOptions;

  constructor(server: Server, pair: SocketPairOptions, maxSockets: number) {
    super({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' });
    this.#server = server;
    this.#pair = pair;
  }

  override createConnection(): Duplex {
    const { client, server } = createSocketPair(this.#pair);
    this.#server.emit('connection', server);
    return client;
  }
}

/**
 * Creates a dispatcher that runs sub-requests through `listener` over in-memory connections: a real
 * `http.request` on one end, a real (never listening) `http.Server` on the other, so each sub-request has
 * its own `req` and `res` and goes through the app's full middleware stack. Nothing touches the network.
 *
 * @example
 * const dispatcher = createDispatcher(app, { timeout: 5000, maxResponseBytes: 1e6 });
 * const outcome = await dispatcher.dispatch({ method: 'GET', path: '/users/1', headers: {} });
 * dispatcher.close();
 */
export function createDispatcher(listener: RequestListener, options: DispatcherOptions): Dispatcher {
  const agent = new InProcessAgent(
    serverFor(listener),
    { remoteAddress: options.remoteAddress, encrypted: options.encrypted },
    options.maxConnections ?? 5,
  );
  const running = new Set<() => void>();

  const dispatch = (req: DispatchRequest): Promise<DispatchOutcome> =>
    new Promise<DispatchOutcome>((resolve) => {
      let settled = false;
      let clientRequest: ClientRequest | undefined;
      const finish = (outcome: DispatchOutcome): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        running.delete(abort);
        // Closing the connection tells the app the client is gone (`req` emits 'close'), as a real client would.
        if (outcome.kind !== 'response') clientRequest?.destroy();
        resolve(outcome);
      };
      const abort = (): void => finish({ kind: 'aborted' });
      const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeout);
      running.add(abort);

      const headers: Record<string, string> = req.headers;
      if (req.body) headers['content-length'] = String(req.body.length);
      clientRequest = request({ method: req.method, path: req.path, headers, agent });
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
            body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size),
          }),
        );
        res.on('error', (error) => finish({ kind: 'failed', error }));
        res.on('aborted', () => finish({ kind: 'failed', error: new Error('The response was cut short.') }));
      });
      // A 101 answer would hand the connection over to another protocol, which a batch item cannot carry.
      clientRequest.on('upgrade', (_res, socket) => {
        socket.destroy();
        finish({ kind: 'failed', error: new Error('The request was answered with a protocol upgrade.') });
      });
      clientRequest.end(req.body);
    });

  return {
    dispatch,
    abort: () => {
      for (const abort of [...running]) abort();
    },
    close: () => agent.destroy(),
  };
}
