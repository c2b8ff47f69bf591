import { ErrorCodes, MultiStatusError } from '../errors';
import type { MultiStatusEntries, PrepareOptions } from '../prepare-multistatus';
import { createSerializer, type Serializer } from '../serialize';
import type { Entry } from '../types';
import { Chunker } from './chunker';
import { isEntryBatch, type OpenedSource, openEntrySource } from './open-entry-source';
import { planResponse, type ResponsePlan } from './plan-response';

/**
 * Streamed chunks are gathered to about this many UTF-16 code units: one socket write each. 64 Ki rather than
 * 16 Ki: a quarter of the writes for a big listing (measured on the WebDAV example's PROPFIND of 10,000 files:
 * about 8% less server CPU per request), and a chunk still stays under V8's large-object size.
 */
export const CHUNK_SIZE = 64 * 1024;

/** The default commit point for entries that are produced (iterators, generators, async iterables). */
export const DEFAULT_COMMIT = Object.freeze({ entries: 64, bytes: 64 * 1024 });

const TURN = Symbol('turn');
const STOP = Symbol('stop');
type Wake = typeof TURN | typeof STOP;

interface Waiter {
  flushable: boolean;
  wake(reason: Wake): void;
}

function checkLimit(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && (value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value >= 0))) {
    return value;
  }
  throw new MultiStatusError(
    ErrorCodes.INVALID_OPTION,
    `Invalid commit.${name}: ${String(value)}. The commit point is a non-negative integer or Infinity.`,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One multistatus response in the making: pulls entries from the source, renders them, holds them until the
 * commit point, then hands out chunks. Closing it aborts the producer's signal and calls the iterator's
 * `return()`, once.
 */
export class MultiStatusRun {
  readonly plan: ResponsePlan;
  readonly #entries: MultiStatusEntries;
  readonly #serializer: Serializer;
  readonly #commitEntries: number | undefined;
  readonly #commitBytes: number | undefined;
  // Created on first use: most responses never hand a signal to anyone, and an AbortController is not free.
  #controller: AbortController | undefined;
  readonly #external: AbortSignal | undefined;
  #source: OpenedSource | undefined;
  #held: Promise<IteratorResult<Entry | Iterable<Entry>>> | undefined;
  // The batch an async source yielded (an iterable of entries), read synchronously before the next await.
  #batch: Iterator<Entry> | undefined;
  #waiter: Waiter | undefined;
  #immediate: NodeJS.Immediate | undefined;
  #ended = false;
  #closed = false;
  #reason: unknown;
  readonly #chunker = new Chunker(CHUNK_SIZE);
  /** Whether rendered text is waiting in the chunker. */
  #gathered = false;
  #failure: MultiStatusError | undefined;

  constructor(entries: MultiStatusEntries, options: PrepareOptions) {
    if (options === null || typeof options !== 'object') {
      throw new MultiStatusError(ErrorCodes.INVALID_OPTION, `Invalid options: ${String(options)}. Expected an object.`);
    }
    this.#entries = entries;
    const commit = options.commit ?? {};
    if (commit === null || typeof commit !== 'object') {
      throw new MultiStatusError(
        ErrorCodes.INVALID_OPTION,
        `Invalid commit option: ${String(commit)}. Expected { entries?, bytes? }.`,
      );
    }
    this.#commitEntries = checkLimit('entries', commit.entries);
    this.#commitBytes = checkLimit('bytes', commit.bytes);
    this.plan = planResponse(options);
    this.#serializer = createSerializer(this.plan.serializeOptions);
    this.#external = options.signal;
    if (this.#external?.aborted) this.close(this.#external.reason);
    else this.#external?.addEventListener('abort', this.#onExternalAbort);
  }

  /** The signal the producer gets. */
  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.#closed && !this.#controller.signal.aborted) this.#controller.abort(this.#reason);
    return this.#controller.signal;
  }

  /** Why the run was closed early (the client went away, the caller aborted, the producer failed). */
  get reason(): unknown {
    return this.#reason;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #onExternalAbort = (): void => {
    this.close(this.#external?.reason);
  };

  /**
   * Pulls entries until the commit point (or the end) and returns what is held. Rejects, with the run
   * closed and nothing handed out, when the producer fails or an entry is invalid before that.
   */
  async commit(): Promise<{ chunks: string[]; complete: boolean }> {
    try {
      if (this.#closed) throw this.#reason;
      const source = await openEntrySource(this.#entries, () => this.signal);
      this.#source = source;
      if (this.#closed) {
        this.#returnIterator();
        throw this.#reason;
      }
      // Arrays and collectors are already in memory: rendering them whole first means any invalid entry is
      // reported before a byte goes out, and the response gets a Content-Length.
      const held = source.kind === 'held';
      const maxEntries = this.#commitEntries ?? (held ? Number.POSITIVE_INFINITY : DEFAULT_COMMIT.entries);
      const maxBytes = this.#commitBytes ?? (held ? Number.POSITIVE_INFINITY : DEFAULT_COMMIT.bytes);
      const countBytes = maxBytes !== Number.POSITIVE_INFINITY;
      const chunks: string[] = [];
      const head = this.#serializer.head();
      let bytes = countBytes ? Buffer.byteLength(head) : 0;
      let chunk = this.#add(head);
      if (chunk !== undefined) chunks.push(chunk);
      let count = 0;
      while (count < maxEntries && bytes < maxBytes) {
        let result = this.#fromBatch();
        if (result === undefined) {
          if (source.kind === 'async') {
            const next = await this.#wait(source.iterator, false);
            if (next === TURN || next === STOP) throw this.#reason;
            if (this.#openBatch(next)) continue;
            result = next as IteratorResult<Entry>;
          } else {
            result = source.iterator.next();
          }
        }
        // The producer itself may have caused the run to close (an abort it triggered synchronously).
        if (this.#closed) throw this.#reason;
        if (result.done) {
          chunk = this.#add(this.#serializer.tail());
          if (chunk !== undefined) chunks.push(chunk);
          this.#ended = true;
          break;
        }
        const text = this.#serializer.entry(result.value);
        if (countBytes) bytes += Buffer.byteLength(text);
        count++;
        chunk = this.#add(text);
        if (chunk !== undefined) chunks.push(chunk);
      }
      const rest = this.#take();
      if (rest !== '') chunks.push(rest);
      if (this.#ended) this.#release();
      return { chunks, complete: this.#ended };
    } catch (error) {
      this.close(error);
      throw error;
    }
  }

  /**
   * The next chunk of the body after the commit point, or `null` when the document is complete (or the
   * run was closed). A failure of the producer closes the run and rejects with `PRODUCER_FAILED`.
   */
  async nextChunk(): Promise<string | null> {
    const failure = this.#failure;
    if (failure !== undefined) {
      this.#failure = undefined;
      throw failure;
    }
    const source = this.#source;
    if (this.#ended || this.#closed || source === undefined) return null;
    try {
      for (;;) {
        let result = this.#fromBatch();
        if (result === undefined) {
          if (source.kind === 'async') {
            // Send what is gathered rather than sit on it while the producer waits for I/O.
            const next = await this.#wait(source.iterator, this.#gathered);
            if (next === STOP) return null;
            if (next === TURN) return this.#take();
            if (this.#openBatch(next)) continue;
            result = next as IteratorResult<Entry>;
          } else {
            result = source.iterator.next();
          }
        }
        if (this.#closed) return null;
        if (result.done) {
          const last = this.#add(this.#serializer.tail());
          this.#ended = true;
          this.#release();
          return last ?? this.#take();
        }
        const chunk = this.#add(this.#serializer.entry(result.value));
        if (chunk !== undefined) return chunk;
      }
    } catch (error) {
      if (this.#closed) return null;
      this.close(error);
      const failure = new MultiStatusError(
        ErrorCodes.PRODUCER_FAILED,
        `The entries failed after the 207 was committed, so the response was aborted: ${describe(error)}`,
        { cause: error },
      );
      const rest = this.#take();
      if (rest === '') throw failure;
      // What was produced before the failure still goes out; the failure comes with the next call.
      this.#failure = failure;
      return rest;
    }
  }

  /** The next entry of the batch at hand, or undefined when there is none (no batch, or it is used up). */
  #fromBatch(): IteratorResult<Entry> | undefined {
    const batch = this.#batch;
    if (batch === undefined) return undefined;
    const result = batch.next();
    if (!result.done) return result;
    this.#batch = undefined;
    return undefined;
  }

  /** Takes a batch from what an async source yielded (see isEntryBatch). Whether it was one. */
  #openBatch(result: IteratorResult<Entry | Iterable<Entry>>): boolean {
    if (result.done || !isEntryBatch(result.value)) return false;
    this.#batch = result.value[Symbol.iterator]();
    return true;
  }

  #add(text: string): string | undefined {
    const chunk = this.#chunker.add(text);
    this.#gathered = chunk === undefined;
    return chunk;
  }

  #take(): string {
    this.#gathered = false;
    return this.#chunker.take();
  }

  /** Stops the run: aborts the producer's signal with `reason` and calls the iterator's `return()`. Idempotent. */
  close(reason?: unknown): void {
    if (this.#closed || this.#ended) return;
    this.#closed = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    this.#returnIterator();
    this.#release();
    this.#waiter?.wake(STOP);
  }

  #wait(
    iterator: AsyncIterator<Entry | Iterable<Entry>>,
    flushable: boolean,
  ): Promise<IteratorResult<Entry | Iterable<Entry>> | Wake> {
    const next = this.#held ?? iterator.next();
    this.#held = undefined;
    // next() runs the producer up to its first await; it may have closed the run meanwhile.
    if (this.#closed) {
      next.then(undefined, () => {});
      return Promise.resolve(STOP);
    }
    return new Promise<IteratorResult<Entry | Iterable<Entry>> | Wake>((resolve, reject) => {
      const waiter: Waiter = {
        flushable,
        wake: (reason) => {
          // The pending pull is kept for the next chunk; its rejection is still observed there.
          if (reason === TURN) this.#held = next;
          this.#waiter = undefined;
          resolve(reason);
        },
      };
      this.#waiter = waiter;
      if (flushable && this.#immediate === undefined) {
        this.#immediate = setImmediate(() => {
          this.#immediate = undefined;
          if (this.#waiter?.flushable) this.#waiter.wake(TURN);
        });
      }
      next.then(
        (result) => {
          if (this.#waiter !== waiter) return;
          this.#waiter = undefined;
          resolve(result);
        },
        (error: unknown) => {
          if (this.#waiter !== waiter) return;
          this.#waiter = undefined;
          reject(error);
        },
      );
    });
  }

  #returnIterator(): void {
    const batch = this.#batch;
    this.#batch = undefined;
    try {
      batch?.return?.();
    } catch {
      // As below: the response is over, nobody is left to tell.
    }
    const iterator = this.#source?.iterator;
    if (iterator === undefined || typeof iterator.return !== 'function') return;
    try {
      const result = iterator.return() as unknown;
      // An async iterator's return() may reject; nobody is left to tell.
      if (result instanceof Promise) result.then(undefined, () => {});
    } catch {
      // A sync return() that throws has nobody to tell either: the response is over.
    }
  }

  #release(): void {
    this.#external?.removeEventListener('abort', this.#onExternalAbort);
    if (this.#immediate !== undefined) {
      clearImmediate(this.#immediate);
      this.#immediate = undefined;
    }
  }
}
