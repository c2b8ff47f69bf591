import { Readable } from 'node:stream';
import { ErrorCodes, MultiStatusError } from './errors';
import { MultiStatusRun } from './internal/multistatus-run';
import type { RequestHeaders } from './read-preferences';
import type { EntrySource, MultiStatusFormat, SerializeOptions } from './types';

/**
 * A producer of entries that is handed an `AbortSignal`, aborted when the response is abandoned (the client
 * went away, the caller aborted, the response failed) so the producer can stop its own work.
 *
 * @example
 * const producer: EntryProducer = async function* ({ signal }) {
 *   for await (const row of db.query('SELECT ...', { signal })) yield { href: row.path, status: 200 };
 * };
 */
export type EntryProducer = (context: { signal: AbortSignal }) => EntrySource | Promise<EntrySource>;

/**
 * Everything a 207 can be written from: an array, an iterable, an async iterable, a `MultiStatusCollector`,
 * a promise of one of those (as `settle()` returns), or an {@link EntryProducer}.
 *
 * @example
 * const entries: MultiStatusEntries = [{ href: '/a', status: 200 }];
 * await writeMultiStatus(res, settle(items, worker, { href: (item) => item.url })); // a promise is fine too
 */
export type MultiStatusEntries = EntrySource | PromiseLike<EntrySource> | EntryProducer;

/**
 * The commit point: how much is held before the headers go out. Until then any failure (an invalid entry,
 * a producer that throws) can still become a proper error response; after it, a failure aborts the response.
 *
 * @example
 * const commit: CommitOptions = { entries: 1000, bytes: 256 * 1024 };
 */
export interface CommitOptions {
  /** Entries held at most. Default 64 for produced entries, `Infinity` for arrays and collectors. */
  entries?: number;
  /** UTF-8 bytes held at most (the document head included). Default 65536, `Infinity` for arrays and collectors. */
  bytes?: number;
}

/**
 * Options of the 207 writers: serialisation, negotiation, preferences and the commit point.
 *
 * @example
 * await writeMultiStatus(res, entries, { formats: ['json', 'xml'], namespaces: { E: 'urn:example' } });
 */
export interface MultiStatusOptions extends Omit<SerializeOptions, 'format' | 'minimal'> {
  /** A fixed body format: no negotiation, no `Vary: Accept`. */
  format?: MultiStatusFormat;
  /** The formats offered to `Accept` negotiation, best first. Default `['xml', 'json']`. */
  formats?: MultiStatusFormat[];
  /**
   * Leave 404 propstats out (`true`) or keep them (`false`) whatever the client asks. Default: follow
   * `Prefer: return=minimal` / `Brief: t` from the request.
   */
  minimal?: boolean;
  /** The commit point; see {@link CommitOptions}. */
  commit?: CommitOptions;
  /** Aborts the response: the producer is stopped; before the commit point the call rejects with the reason. */
  signal?: AbortSignal;
}

/**
 * Options of {@link prepareMultiStatus}: the writer options and the request headers to negotiate with.
 *
 * @example
 * await prepareMultiStatus(entries, { headers: req.headers, formats: ['xml'] });
 */
export interface PrepareOptions extends MultiStatusOptions {
  /** Request headers (`Accept`, `Prefer`, `Brief`), lower-case names as in Node's `req.headers`. */
  headers?: RequestHeaders;
}

/**
 * A 207 ready to send: status, headers and a body that is either complete or a stream of the rest.
 *
 * @example
 * const prepared = await prepareMultiStatus(entries, { headers: ctx.headers });
 * ctx.status = prepared.status;
 * ctx.body = prepared.body;
 */
export interface PreparedMultiStatus {
  readonly status: 207;
  readonly format: MultiStatusFormat;
  /** Header fields to set (lower-case names). `content-length` only when the whole body is known. */
  readonly headers: Readonly<{ 'content-type': string; 'preference-applied'?: string; 'content-length'?: string }>;
  /** Request header fields to add to `Vary` (append, do not replace: other middleware may vary too). */
  readonly vary: readonly string[];
  /**
   * The body: a string when the whole document fit before the commit point, else a byte stream (UTF-8)
   * that renders the rest as it is read, with backpressure. The stream is destroyed with a
   * `PRODUCER_FAILED` error if the producer fails; whoever pipes it must then destroy the response.
   */
  readonly body: string | Readable;
  /** Abandons the response: destroys the stream, aborts the producer's signal, calls its iterator's `return()`. */
  abort(reason?: unknown): void;
}

// Joining a huge array's document into one string could exceed V8's string length limit.
const MAX_JOINED = 64 * 1024 * 1024;

/** Reads the run after the commit point into a byte stream that pulls only as fast as it is read. */
class MultiStatusReadable extends Readable {
  readonly #run: MultiStatusRun;
  #queue: string[];
  #pulling = false;

  constructor(run: MultiStatusRun, held: string[]) {
    super();
    this.#run = run;
    this.#queue = held;
  }

  override _read(): void {
    if (!this.#pulling) void this.#pull();
  }

  async #pull(): Promise<void> {
    this.#pulling = true;
    try {
      while (this.#queue.length > 0) {
        if (!this.push(this.#queue.shift() as string)) return;
      }
      for (;;) {
        const chunk = await this.#run.nextChunk();
        if (this.destroyed) return;
        if (chunk === null) {
          this.push(null);
          return;
        }
        if (!this.push(chunk)) return;
      }
    } catch (error) {
      this.destroy(error as Error);
    } finally {
      this.#pulling = false;
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#queue = [];
    // Destroyed without an error, or by a pipeline whose response closed early: the reader went away.
    const gone = error === null || (error as Error & { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
    this.#run.close(
      gone
        ? new MultiStatusError(
            ErrorCodes.CLIENT_ABORTED,
            'The multistatus body was abandoned before it was read to the end.',
            {
              cause: error ?? undefined,
            },
          )
        : error,
    );
    callback(error);
  }
}

function byteLength(chunks: readonly string[]): number {
  let length = 0;
  for (const chunk of chunks) length += Buffer.byteLength(chunk);
  return length;
}

/**
 * Renders a 207 up to its commit point without touching any response: the framework-free primitive the
 * writers are built on. Rejects, with the producer stopped and nothing to send, when an entry is invalid or
 * the producer fails before the commit point, so the caller can still answer with an error status.
 *
 * @example
 * const prepared = await prepareMultiStatus(listFiles(), { headers: req.headers });
 * res.writeHead(prepared.status, prepared.headers);
 * if (typeof prepared.body === 'string') res.end(prepared.body);
 * else prepared.body.pipe(res);
 */
export async function prepareMultiStatus(
  entries: MultiStatusEntries,
  options: PrepareOptions = {},
): Promise<PreparedMultiStatus> {
  // A promise of entries refused by a bad option is never awaited: it must not reject unhandled.
  if (typeof entries === 'object' && entries !== null && typeof (entries as PromiseLike<unknown>).then === 'function') {
    (entries as PromiseLike<unknown>).then(undefined, () => {});
  }
  const run = new MultiStatusRun(entries, options);
  const { chunks, complete } = await run.commit();
  const { plan } = run;
  const headers: { 'content-type': string; 'preference-applied'?: string; 'content-length'?: string } = {
    'content-type': plan.contentType,
  };
  if (plan.preferenceApplied !== undefined) headers['preference-applied'] = plan.preferenceApplied;
  let body: string | Readable;
  if (complete) {
    headers['content-length'] = String(byteLength(chunks));
    const chars = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    body = chars <= MAX_JOINED ? chunks.join('') : new MultiStatusReadable(run, chunks);
  } else {
    body = new MultiStatusReadable(run, chunks);
  }
  return {
    status: 207,
    format: plan.format,
    headers,
    vary: plan.vary,
    body,
    abort(reason?: unknown): void {
      run.close(reason ?? new MultiStatusError(ErrorCodes.CLIENT_ABORTED, 'The multistatus response was abandoned.'));
      if (typeof body !== 'string') body.destroy();
    },
  };
}
