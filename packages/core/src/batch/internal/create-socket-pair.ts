import { Duplex } from 'node:stream';

/** What the two ends of an in-memory connection report about the peer, as a `net.Socket` would. */
export interface SocketPairOptions {
  /** The address the server end reports as `remoteAddress` (the outer client's, so `req.ip` stays meaningful). */
  remoteAddress?: string;
  /** Whether the server end reports itself as TLS (`req.protocol` / `ctx.protocol` then say `https`). */
  encrypted?: boolean;
}

/**
 * One end of an in-memory connection. It carries just enough of the `net.Socket` surface for Node's HTTP
 * server and client to run over it: bytes written to one end are read from the other.
 */
export class InMemorySocket extends Duplex {
  peer: InMemorySocket | undefined;
  remoteAddress: string | undefined;
  remotePort: number | undefined;
  readonly remoteFamily: string | undefined;
  readonly localAddress = '127.0.0.1';
  readonly localPort = 0;
  encrypted: boolean | undefined;
  connecting = false;
  // A write held back because the peer's read buffer is full: released when the peer reads again.
  private pendingWrite: (() => void) | undefined;

  constructor(remoteAddress: string | undefined) {
    super({ allowHalfOpen: true });
    this.remoteAddress = remoteAddress;
    this.remoteFamily = remoteAddress?.includes(':') ? 'IPv6' : remoteAddress ? 'IPv4' : undefined;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    if (!peer || peer.destroyed) {
      callback();
      return;
    }
    if (peer.push(chunk)) callback();
    else peer.pendingWrite = () => callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.peer?.push(null);
    callback();
  }

  override _read(): void {
    const release = this.peer?.pendingWrite;
    if (release && this.peer) {
      this.peer.pendingWrite = undefined;
      release();
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const peer = this.peer;
    this.peer = undefined;
    const release = this.pendingWrite;
    this.pendingWrite = undefined;
    release?.();
    // A closed connection closes for both sides, as a TCP reset would.
    if (peer && !peer.destroyed) peer.destroy();
    callback(error);
  }

  // The HTTP machinery calls these on a real socket; an in-memory connection has nothing to tune.
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
  destroySoon(): void {
    if (this.writableFinished) this.destroy();
    else {
      this.once('finish', () => this.destroy());
      this.end();
    }
  }
}

/**
 * Creates two connected in-memory sockets: `client` for `http.request({ createConnection })`, `server` for
 * `server.emit('connection', socket)`. No file descriptor, no port, no network: nothing can leave the process.
 */
export function createSocketPair(options: SocketPairOptions = {}): { client: InMemorySocket; server: InMemorySocket } {
  const client = new InMemorySocket('127.0.0.1');
  const server = new InMemorySocket(options.remoteAddress);
  server.encrypted = options.encrypted;
  client.peer = server;
  server.peer = client;
  return { client, server };
}
