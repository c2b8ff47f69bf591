import { createServer, type IncomingHttpHeaders, IncomingMessage, type Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { BodyCollector } from './internal/body-collector';
import { InProcessSocket, type SocketInfo } from './internal/in-process-socket';
import { parseResponseHead } from './internal/parse-response-head';
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
export interface DispatcherOptions extends SocketInfo {
  /** Milliseconds before a sub-request is abandoned (`timeout` outcome). */
  timeout: number;
  /** Bytes of response body before a sub-request is abandoned (`too-large` outcome). */
  maxResponseBytes: number;
  /** In-process connections open at most, each reused by sub-requests one after another. Default 5. */
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

// Node internals of a request that its own server reads when a response finishes (lib/_http_server.js).
interface ServerSideRequest extends IncomingMessage {
  upgrade?: boolean;
  _consuming?: boolean;
  _readableState?: { resumeScheduled?: boolean };
  _dump?: () => void;
}

interface ServerSideResponse extends ServerResponse {
  _header?: string | null;
  _headerSent?: boolean;
  _closed?: boolean;
}

// Node's ClientRequest sends a body-less GET, HEAD, DELETE or OPTIONS without Content-Length and any other
// body-less request with `Content-Length: 0`; body parsers tell the two apart, so sub-requests do the same.
const BODYLESS_WITHOUT_LENGTH = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

// The header fields of a sub-request, in the order and spelling an HTTP client sends them: the item's own,
// then Host (RFC 9112 §3.2; `localhost` without an outer request), Connection, and Content-Length.
function requestHeaders(request: DispatchRequest): { headers: Record<string, string>; rawHeaders: string[] } {
  const headers: Record<string, string> = {};
  const rawHeaders: string[] = [];
  const add = (raw: string, name: string, value: string): void => {
    headers[name] = value;
    rawHeaders.push(raw, value);
  };
  for (const name of Object.keys(request.headers)) add(name, name, request.headers[name]!);
  if (request.body) add('content-length', 'content-length', String(request.body.length));
  if (headers.host === undefined) add('Host', 'host', 'localhost');
  add('Connection', 'connection', 'keep-alive');
  if (!request.body && !BODYLESS_WITHOUT_LENGTH.has(request.method)) add('Content-Length', 'content-length', '0');
  return { headers, rawHeaders };
}

// A sub-request that has not settled yet, in the order sent.
interface Running {
  /** When it runs out of time (performance.now() milliseconds). */
  at: number;
  giveUp: (outcome: DispatchOutcome) => void;
  done: boolean;
}

function aborted(): Error {
  // What Node's server hands a request whose connection closed before its response was done.
  return Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
}

function emitClose(res: ServerSideResponse): void {
  if (res._closed) return;
  res.destroyed = true;
  res._closed = true;
  res.emit('close');
}

const servers = new WeakMap<RequestListener, Server>();

// One never-listening server per app, which emits each sub-request as its 'request' event: whatever watches
// the app's server for requests (APM agents hook Server#emit) sees sub-requests as it sees real ones.
function serverFor(listener: RequestListener): Server {
  let server = servers.get(listener);
  if (!server) {
    server = createServer(listener);
    servers.set(listener, server);
  }
  return server;
}

/**
 * Creates a dispatcher that runs sub-requests through `listener` in-process. Each sub-request gets its own
 * `http.IncomingMessage` and `http.ServerResponse`, built as Node's HTTP server builds them for a parsed
 * request and bound to an in-process connection, and goes through the app's full middleware stack. The
 * response is read off that connection as the app writes it (status and fields from the head Node wrote,
 * then the body bytes), so no HTTP client runs and nothing is parsed twice. Nothing is patched and nothing
 * touches the network.
 *
 * @example
 * const dispatcher = createDispatcher(app, { timeout: 5000, maxResponseBytes: 1e6 });
 * const outcome = await dispatcher.dispatch({ method: 'GET', path: '/users/1', headers: {} });
 * dispatcher.close();
 */
export function createDispatcher(listener: RequestListener, options: DispatcherOptions): Dispatcher {
  const server = serverFor(listener);
  const info: SocketInfo = { remoteAddress: options.remoteAddress, encrypted: options.encrypted, server };
  const maxConnections = options.maxConnections ?? 5;
  // Connections are reused last-in first-out, as a keep-alive agent would; each carries one exchange at a time.
  const idle: InProcessSocket[] = [];
  const waiting: Array<(socket: InProcessSocket) => void> = [];
  let open = 0;

  // Every sub-request of a dispatcher has the same time limit, so they run out of time in the order they were
  // sent: one timer, armed for the oldest one still running, stands in for a timer each.
  const running: Running[] = [];
  let live = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    if (timer !== undefined || live === 0) return;
    while (running[0]!.done) running.shift();
    timer = setTimeout(expire, Math.max(1, running[0]!.at - performance.now()));
  };
  const expire = (): void => {
    timer = undefined;
    // Timers keep whole milliseconds: what runs out within this one runs out now, as its own timer would have.
    const now = performance.now() + 1;
    const due: Running[] = [];
    while (running.length > 0 && (running[0]!.done || running[0]!.at <= now)) {
      const next = running.shift()!;
      if (!next.done) due.push(next);
    }
    for (const next of due) next.giveUp({ kind: 'timeout' });
    arm();
  };
  const finished = (entry: Running): void => {
    entry.done = true;
    live--;
    if (live === 0) {
      clearTimeout(timer);
      timer = undefined;
      running.length = 0;
    }
  };

  const acquire = (start: (socket: InProcessSocket) => void): void => {
    let socket = idle.pop();
    while (socket?.destroyed) {
      open--;
      socket = idle.pop();
    }
    if (socket) start(socket);
    else if (open < maxConnections) {
      open++;
      start(new InProcessSocket(info));
    } else waiting.push(start);
  };

  // Hands a connection on when an exchange is over; a closed one frees its slot for a new connection.
  const release = (socket: InProcessSocket): void => {
    if (socket.destroyed) {
      open--;
      const next = waiting.shift();
      if (next) {
        open++;
        next(new InProcessSocket(info));
      }
      return;
    }
    const next = waiting.shift();
    if (next) next(socket);
    else idle.push(socket);
  };

  const dispatch = (request: DispatchRequest): Promise<DispatchOutcome> =>
    new Promise<DispatchOutcome>((resolve) => {
      let settled = false;
      let connection: InProcessSocket | undefined;

      const settle = (outcome: DispatchOutcome): void => {
        if (settled) return;
        settled = true;
        finished(entry);
        resolve(outcome);
      };

      // Closing the connection tells the app the client is gone (`req` and `res` emit 'close'), as a real
      // client's would; the slot is free at once for the next sub-request.
      function giveUp(outcome: DispatchOutcome): void {
        if (settled) return;
        settle(outcome);
        const socket = connection;
        if (socket) {
          socket.destroy();
          release(socket);
        }
      }

      const entry: Running = { at: performance.now() + options.timeout, giveUp, done: false };
      running.push(entry);
      live++;
      arm();

      acquire((socket) => {
        if (settled) {
          release(socket);
          return;
        }
        // Out of time while waiting for a connection: it never starts.
        if (performance.now() >= entry.at) {
          settle({ kind: 'timeout' });
          release(socket);
          return;
        }
        connection = socket;
        const { headers, rawHeaders } = requestHeaders(request);
        const incoming = new IncomingMessage(socket as unknown as Socket) as ServerSideRequest;
        incoming.httpVersionMajor = 1;
        incoming.httpVersionMinor = 1;
        incoming.httpVersion = '1.1';
        incoming.method = request.method;
        incoming.url = request.path;
        incoming.headers = headers;
        incoming.rawHeaders = rawHeaders;
        incoming.upgrade = false;
        markSubRequest(incoming);

        const res = new ServerResponse(incoming) as ServerSideResponse;
        res.shouldKeepAlive = true;

        let head: { status: number; headers: IncomingHttpHeaders } | undefined;
        let body: BodyCollector | undefined;
        socket.sink = (data, encoding) => {
          if (!head) {
            // An interim response (100 Continue, 103 Early Hints) is written raw before the head: a client skips it.
            const header = res._header;
            if (!res._headerSent || typeof header !== 'string') return;
            if (typeof data !== 'string' || !data.startsWith(header)) {
              giveUp({ kind: 'failed', error: new Error('The response was written before its head.') });
              return;
            }
            head = parseResponseHead(header);
            body = new BodyCollector(options.maxResponseBytes, res.chunkedEncoding === true);
            if (data.length === header.length) return;
            data = data.slice(header.length);
          }
          if (data.length === 0) return;
          // Copied: the app may reuse a buffer once the write is done, as it may with a real socket.
          const bytes = typeof data === 'string' ? Buffer.from(data, encoding ?? 'utf8') : Buffer.from(data);
          if (!body!.add(bytes)) giveUp({ kind: 'too-large' });
        };
        socket.onClose = () => {
          // Node's server destroys the request of a connection that closes before its response is done.
          if (!incoming.destroyed) incoming.destroy(aborted());
          // Given up already (timeout, deadline, too large): giveUp() released the connection itself.
          if (settled) return;
          settle({ kind: 'failed', error: new Error('The connection closed before the response was complete.') });
          // The app closed the connection: its slot is free for the next sub-request.
          release(socket);
        };

        res.assignSocket(socket as unknown as Socket);
        res.on('finish', () => {
          if (settled) return;
          // What Node's server does when a response is done (lib/_http_server.js resOnFinish): drain an
          // unread body, free the connection for the next exchange, and close the response.
          if (!incoming._consuming && !incoming._readableState?.resumeScheduled) {
            if (incoming._dump) incoming._dump();
            else incoming.resume();
          }
          res.detachSocket(socket as unknown as Socket);
          socket.sink = undefined;
          socket.onClose = undefined;
          process.nextTick(emitClose, res);
          const outcome: DispatchOutcome = head
            ? { kind: 'response', status: head.status, headers: head.headers, body: body!.body() }
            : { kind: 'failed', error: new Error('The response finished without a head.') };
          settle(outcome);
          release(socket);
        });

        try {
          server.emit('request', incoming, res);
        } catch {
          // A listener that throws synchronously must not take the batch down; the item becomes a 500.
          if (!res.headersSent) res.statusCode = 500;
          res.end();
        }
        // As Node's HTTP parser does: the request is handed to the app first, then its body arrives.
        if (!incoming.destroyed) {
          if (request.body && request.body.length > 0) incoming.push(request.body);
          incoming.complete = true;
          incoming.push(null);
        }
      });
    });

  return {
    dispatch,
    abort: () => {
      for (const entry of [...running]) if (!entry.done) entry.giveUp({ kind: 'aborted' });
    },
    close: () => {
      for (const entry of [...running]) {
        if (!entry.done) entry.giveUp({ kind: 'failed', error: new Error('The dispatcher was closed.') });
      }
      for (const socket of idle.splice(0)) socket.destroy();
    },
  };
}
