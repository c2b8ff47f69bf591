import type { ServerResponse } from 'node:http';
import vary from 'vary';
import { ErrorCodes, MultiStatusError } from './errors';
import { excludeLocation, type HeaderHookTarget } from './exclude-location';
import { MultiStatusRun } from './internal/multistatus-run';
import { endAndWait, waitForDrain } from './internal/response-events';
import type { MultiStatusEntries, MultiStatusOptions } from './prepare-multistatus';
import type { RequestHeaders } from './read-preferences';

/**
 * The shape of a response the writer needs; Node's `http.ServerResponse` (and so Express's and Koa's
 * `res`) has it.
 *
 * @example
 * const target: MultiStatusResponse = res; // an http.ServerResponse
 */
export interface MultiStatusResponse extends HeaderHookTarget {
  /** The request, for its headers (`Accept`, `Prefer`, `Brief`) and method (`HEAD`). */
  readonly req?: { readonly headers: RequestHeaders; readonly method?: string | undefined };
  readonly headersSent: boolean;
  readonly writableEnded: boolean;
  readonly writableFinished: boolean;
  readonly destroyed: boolean;
  getHeader(name: string): number | string | string[] | undefined;
  /** Writes a chunk: text (sent as UTF-8) or its UTF-8 bytes. */
  write(chunk: string | Uint8Array): boolean;
  end(chunk?: string): unknown;
  destroy(error?: Error): unknown;
  on(event: 'close' | 'drain' | 'error' | 'finish', listener: (...args: unknown[]) => void): unknown;
  once(event: 'close' | 'drain' | 'error' | 'finish', listener: (...args: unknown[]) => void): unknown;
  off(event: 'close' | 'drain' | 'error' | 'finish', listener: (...args: unknown[]) => void): unknown;
}

/**
 * Options of {@link writeMultiStatus}.
 *
 * @example
 * await writeMultiStatus(res, entries, { headers: { accept: 'application/json' } });
 */
export interface WriteOptions extends MultiStatusOptions {
  /** Request headers to negotiate with; default `res.req.headers`. */
  headers?: RequestHeaders;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as PromiseLike<unknown>).then === 'function';
}

function byteLength(chunks: readonly string[]): number {
  let length = 0;
  for (const chunk of chunks) length += Buffer.byteLength(chunk);
  return length;
}

const utf8 = new TextEncoder();

/**
 * Writes one chunk of the body as its UTF-8 bytes, encoded here into a buffer of the chunk's length and an
 * eighth more. Written as a string, Node would measure the chunk's UTF-8 length twice (for the chunk-size line
 * of chunked encoding, then for the socket write: a slow character loop each) and encode it; encoded here,
 * once, it goes to the socket as it is. Text that needs more room (mostly characters beyond ASCII) goes as a
 * string. On the WebDAV example's PROPFIND of 10,000 files this was about 7% of the server thread's
 * instructions (valgrind's callgrind).
 */
function writeChunk(res: MultiStatusResponse, chunk: string): boolean {
  const bytes = Buffer.allocUnsafe(chunk.length + (chunk.length >> 3));
  const { read, written } = utf8.encodeInto(chunk, bytes);
  return read === chunk.length ? res.write(bytes.subarray(0, written)) : res.write(chunk);
}

/**
 * RFC 9112 §7.1: a chunked body without its last chunk is incomplete, so destroying the connection is how the
 * client learns that the listing it got is not the whole listing. Node sends writes on the next tick (it corks
 * the socket); waiting one turn lets what was written reach the client before the connection goes.
 */
async function abortResponse(res: MultiStatusResponse): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  res.destroy();
}

/** Complete bodies up to this many bytes are joined and sent with end(); larger ones are written chunk by chunk. */
const ONE_WRITE_LIMIT = 1024 * 1024;

/**
 * Writes a 207 Multi-Status onto a Node response: negotiated XML or JSON, `Vary`, `Prefer`/`Brief`, no
 * `Location`, streamed with backpressure. Resolves when the response has finished, or when the client went
 * away (the producer is then stopped). Rejects with nothing written when an entry is invalid or the producer
 * fails before the commit point; after it, destroys the response and rejects with `PRODUCER_FAILED`.
 *
 * @example
 * http.createServer(async (req, res) => {
 *   try {
 *     await writeMultiStatus(res, [{ href: '/a', status: 200 }, { href: '/b', status: 404 }]);
 *   } catch (err) {
 *     if (!res.headersSent) { res.statusCode = 500; res.end(); }
 *   }
 * });
 */
export async function writeMultiStatus(
  res: MultiStatusResponse,
  entries: MultiStatusEntries,
  options: WriteOptions = {},
): Promise<void> {
  // A promise of entries that is never awaited (HEAD, a refused call) must not reject unhandled and take the
  // process down; awaiting it later still sees the rejection.
  if (isThenable(entries)) entries.then(undefined, () => {});
  if (res.headersSent || res.writableEnded) {
    throw new MultiStatusError(
      ErrorCodes.HEADERS_SENT,
      'Cannot write a 207: the response has already sent its headers. Call writeMultiStatus before anything else writes.',
    );
  }
  if (options === null || typeof options !== 'object') {
    throw new MultiStatusError(ErrorCodes.INVALID_OPTION, `Invalid options: ${String(options)}. Expected an object.`);
  }
  const headers = options.headers ?? res.req?.headers ?? {};
  // The run links options.signal itself; a client that goes away closes it from here.
  const run = new MultiStatusRun(entries, { ...options, headers });
  let clientGone = false;
  const onGone = (): void => {
    if (res.writableFinished) return;
    clientGone = true;
    run.close(new MultiStatusError(ErrorCodes.CLIENT_ABORTED, 'The client went away before the 207 was finished.'));
  };
  res.on('close', onGone);
  res.on('error', onGone);

  try {
    if (res.destroyed) onGone();
    const { plan } = run;
    const head = res.req?.method === 'HEAD';
    let chunks: string[] = [];
    let complete = true;
    if (head) {
      // RFC 9110 §9.3.2: the same header fields as GET, no content. Content-Length is only known by
      // rendering, which a HEAD does not pay for (RFC 9110 §8.6 lets it be left out).
      run.close();
    } else {
      try {
        ({ chunks, complete } = await run.commit());
      } catch (error) {
        if (clientGone) return;
        throw error;
      }
    }
    if (clientGone) return;

    res.statusCode = 207;
    res.setHeader('Content-Type', plan.contentType);
    if (plan.preferenceApplied !== undefined) res.setHeader('Preference-Applied', plan.preferenceApplied);
    if (plan.vary.length > 0) vary(res as unknown as ServerResponse, plan.vary);
    // A length set earlier by someone else would cut a streamed body short or make it hang.
    const length = complete && !head ? byteLength(chunks) : undefined;
    if (length !== undefined) res.setHeader('Content-Length', String(length));
    else res.removeHeader('Content-Length');
    excludeLocation(res);

    // A complete document of moderate size goes out in one end(): one write of headers and body together
    // instead of one per chunk (measured: the dominant cost of a 100-entry 207 on Express after rendering).
    if (complete && (chunks.length <= 1 || (length !== undefined && length <= ONE_WRITE_LIMIT))) {
      await endAndWait(res, chunks.length <= 1 ? chunks[0] : chunks.join(''));
      return;
    }
    for (const chunk of chunks) {
      if (!writeChunk(res, chunk) && !(await waitForDrain(res))) return;
    }
    for (;;) {
      let chunk: string | null;
      try {
        chunk = await run.nextChunk();
      } catch (error) {
        await abortResponse(res);
        throw error;
      }
      if (chunk === null) break;
      if (!writeChunk(res, chunk) && !(await waitForDrain(res))) return;
    }
    if (run.closed) {
      if (clientGone) return;
      await abortResponse(res);
      throw run.reason;
    }
    await endAndWait(res);
  } finally {
    res.off('close', onGone);
    res.off('error', onGone);
  }
}
