import { entryFromError } from './entry-from-error';
import { ErrorCodes, MultiStatusError } from './errors';
import type { Entry, PropStatEntry, StatusEntry } from './types';
import { validateEntry } from './validate-entry';

/**
 * What `settle()` hands a worker besides the item.
 *
 * @example
 * await settle(ids, async (id, { signal, index }) => ({ href: `/items/${id}`, status: await remove(id, { signal }) }));
 */
export interface SettleContext {
  /** Aborted when the caller's `signal` aborts or `settle()` gives up (a worker returned an invalid entry). */
  readonly signal: AbortSignal;
  /** The item's position in `items`. */
  readonly index: number;
}

/**
 * What a worker returns: an entry, whose `href` may be left out when `options.href` names the items.
 *
 * @example
 * const result: SettleResult = { status: 204 }; // href filled in from options.href(item, index)
 */
export type SettleResult =
  | Entry
  | (Omit<StatusEntry, 'href'> & { href?: string })
  | (Omit<PropStatEntry, 'href'> & { href?: string });

/**
 * Options of {@link settle}.
 *
 * @example
 * const options: SettleOptions<Item> = { concurrency: 4, href: (item) => `/items/${item.id}` };
 */
export interface SettleOptions<T> {
  /** How many workers run at once; a positive integer or `Infinity`. Default 8. */
  concurrency?: number;
  /** Stops the run: items not started yet are never started, and `settle()` rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * The href of an item, for the entry of a thrown error and for results without `href`. Required unless
   * every item is a string, which is then its own href.
   */
  href?: (item: T, index: number) => string;
}

/**
 * The per-item work of `settle()`.
 *
 * @example
 * const worker: SettleWorker<string> = async (href, { signal }) => ({ href, status: await check(href, signal) });
 */
export type SettleWorker<T> = (item: T, context: SettleContext) => SettleResult | Promise<SettleResult>;

const DEFAULT_CONCURRENCY = 8;

function checkConcurrency(concurrency: unknown): number {
  if (concurrency === undefined) return DEFAULT_CONCURRENCY;
  if (
    typeof concurrency === 'number' &&
    (concurrency === Number.POSITIVE_INFINITY || (Number.isInteger(concurrency) && concurrency >= 1))
  ) {
    return concurrency;
  }
  throw new MultiStatusError(
    ErrorCodes.INVALID_OPTION,
    `Invalid concurrency: ${String(concurrency)}. settle() needs a positive integer or Infinity.`,
  );
}

/**
 * Runs `worker` for every item with bounded concurrency and returns one entry per item, in input order. A
 * thrown error becomes an entry (see {@link entryFromError}: its 4xx/5xx status, else 500; messages of 5xx
 * never exposed), so one failing item never fails the whole 207.
 *
 * @example
 * const entries = await settle(req.body.items, async (item) => {
 *   const saved = await db.insert(item); // may throw an http-errors error
 *   return { status: 201, body: saved };
 * }, { href: (item, i) => `/items/${item.id ?? i}` });
 */
export function settle<T>(
  items: Iterable<T>,
  worker: SettleWorker<T>,
  options: SettleOptions<T> = {},
): Promise<Entry[]> {
  return new Promise<Entry[]>((resolve, reject) => {
    const list = Array.from(items);
    const concurrency = checkConcurrency(options.concurrency);
    const hrefOption = options.href;
    if (hrefOption !== undefined && typeof hrefOption !== 'function') {
      throw new MultiStatusError(ErrorCodes.INVALID_OPTION, 'Invalid href option: settle() needs a function.');
    }
    if (hrefOption === undefined) {
      const index = list.findIndex((item) => typeof item !== 'string');
      if (index !== -1) {
        throw new MultiStatusError(
          ErrorCodes.INVALID_OPTION,
          `settle() needs options.href to name item ${index}, which is not a string (failed items become entries and need an href).`,
        );
      }
    }
    const hrefOf = (item: T, index: number): string => (hrefOption ? hrefOption(item, index) : (item as string));

    const external = options.signal;
    if (external?.aborted) {
      reject(external.reason);
      return;
    }
    const controller = new AbortController();
    const results = new Array<Entry>(list.length);
    let next = 0;
    let running = 0;
    let finished = 0;
    let over = false;

    const onExternalAbort = (): void => stop(external?.reason);
    external?.addEventListener('abort', onExternalAbort, { once: true });

    function stop(reason: unknown): void {
      if (over) return;
      over = true;
      external?.removeEventListener('abort', onExternalAbort);
      // Workers still running learn that their result is no longer wanted.
      controller.abort(reason);
      reject(reason);
    }

    function done(): void {
      over = true;
      external?.removeEventListener('abort', onExternalAbort);
      resolve(results);
    }

    async function run(index: number): Promise<Entry> {
      const item = list[index] as T;
      let result: SettleResult;
      try {
        result = await worker(item, { signal: controller.signal, index });
      } catch (error) {
        return entryFromError(hrefOf(item, index), error);
      }
      const entry = (
        result !== null && typeof result === 'object' && result.href === undefined
          ? { ...result, href: hrefOf(item, index) }
          : result
      ) as Entry;
      // A worker that returns a wrong entry is a programmer mistake: it fails the whole call, loudly.
      validateEntry(entry);
      return entry;
    }

    function launch(): void {
      while (!over && running < concurrency && next < list.length) {
        const index = next++;
        running++;
        run(index).then((entry) => {
          running--;
          if (over) return;
          results[index] = entry;
          finished++;
          if (finished === list.length) done();
          else launch();
        }, stop);
      }
    }

    if (list.length === 0) done();
    else launch();
  });
}
