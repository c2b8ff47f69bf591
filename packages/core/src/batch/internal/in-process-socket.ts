import { EventEmitter } from 'node:events';

/** What the connection of a sub-request reports about the batch client, as a `net.Socket` would. */
export interface SocketInfo {
  /** The address reported as `remoteAddress` (the outer client's, so `req.ip` stays meaningful). */
  remoteAddress?: string;
  /** Whether the connection reports itself as TLS (`req.protocol` / `ctx.protocol` then say `https`). */
  encrypted?: boolean;
  /** The server the connection reports as its `server`, as an accepted `net.Socket` does. */
  server?: unknown;
}

/** Receives every write a response makes to its connection, in order. */
export type SocketSink = (data: string | Uint8Array, encoding: BufferEncoding | undefined) => void;

const WRITABLE_STATE = { corked: 0 };

/**
 * The connection a sub-request's `req` and `res` see. It has the part of the `net.Socket` surface that Node's
 * `ServerResponse`, `IncomingMessage`, Express, Koa and on-finished use, and hands what the response writes
 * to a sink instead of a file descriptor: no bytes are framed for a client, none are parsed back. One is kept
 * per concurrency slot and reused by one sub-request after another, as a keep-alive connection would be.
 */
export class InProcessSocket extends EventEmitter {
  readonly remoteAddress: string | undefined;
  readonly remoteFamily: string | undefined;
  readonly remotePort: number | undefined = undefined;
  readonly localAddress = '127.0.0.1';
  readonly localPort = 0;
  readonly encrypted: boolean | undefined;
  readonly server: unknown;
  readonly connecting = false;
  readonly readableHighWaterMark = 16 * 1024;
  readonly writableHighWaterMark = 16 * 1024;
  readonly writableLength = 0;
  readonly writableCorked = 0;
  // OutgoingMessage#end() resets the cork count through the stream state; nothing is ever corked here.
  readonly _writableState = WRITABLE_STATE;
  readable = true;
  writable = true;
  destroyed = false;
  _hadError = false;
  /** Set by `ServerResponse#assignSocket()`. */
  _httpMessage: unknown = null;
  /** Where writes go; undefined between sub-requests and once the connection is closed. */
  sink: SocketSink | undefined;
  /** Called when the connection closes under a running exchange (the app or the dispatcher destroyed it). */
  onClose: ((error: Error | undefined) => void) | undefined;

  constructor(info: SocketInfo) {
    super();
    this.remoteAddress = info.remoteAddress;
    this.remoteFamily = info.remoteAddress?.includes(':') ? 'IPv6' : info.remoteAddress ? 'IPv4' : undefined;
    this.encrypted = info.encrypted;
    this.server = info.server;
  }

  write(
    data: string | Uint8Array,
    encoding?: BufferEncoding | ((error?: Error | null) => void),
    callback?: (error?: Error | null) => void,
  ): boolean {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    if (this.destroyed) return false;
    this.sink?.(data, encoding);
    // A socket calls back once the bytes are out, never synchronously: 'finish' must follow end()'s bookkeeping.
    if (callback) process.nextTick(callback);
    return true;
  }

  destroy(error?: Error): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.readable = false;
    this.writable = false;
    this.sink = undefined;
    if (error) this._hadError = true;
    const onClose = this.onClose;
    this.onClose = undefined;
    // As a net.Socket: 'close' comes after the current tick, and tells the response its connection is gone.
    process.nextTick(() => {
      onClose?.(error);
      this.emit('close', error !== undefined);
    });
    return this;
  }

  end(data?: string | Uint8Array | (() => void), encoding?: BufferEncoding | (() => void)): this {
    if (data !== undefined && typeof data !== 'function')
      this.write(data, typeof encoding === 'function' ? undefined : encoding);
    return this.destroy();
  }

  destroySoon(): void {
    this.destroy();
  }

  // Nothing to tune or flow-control on an in-process connection.
  cork(): void {}
  uncork(): void {}
  pause(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  setTimeout(_ms: number, callback?: () => void): this {
    if (callback) this.once('timeout', callback);
    return this;
  }
  setNoDelay(_noDelay?: boolean): this {
    return this;
  }
  setKeepAlive(_enable?: boolean, _delay?: number): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  address(): { address: string; family: string; port: number } {
    return { address: this.localAddress, family: 'IPv4', port: this.localPort };
  }
}
