import { MultiStatusCollector } from '../collector';
import { ErrorCodes, MultiStatusError } from '../errors';
import type { MultiStatusEntries } from '../prepare-multistatus';
import type { Entry } from '../types';

/** An entry source made ready to pull from, by kind: held in memory, a sync iterator, or an async one. */
export type OpenedSource =
  | { kind: 'held'; iterator: Iterator<Entry> }
  | { kind: 'sync'; iterator: Iterator<Entry> }
  | { kind: 'async'; iterator: AsyncIterator<Entry | Iterable<Entry>> };

function notASource(value: unknown): MultiStatusError {
  const what = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return new MultiStatusError(
    ErrorCodes.INVALID_OPTION,
    `Invalid entries: a ${what}. Pass an array, an iterable or an async iterable of entries, a MultiStatusCollector, ` +
      'or a function ({ signal }) => one of those.',
  );
}

/**
 * Whether a value an async source yielded is a batch (an array or other iterable of entries) rather than an
 * entry: an entry is a plain object, never iterable. Batches are read without an await per entry.
 *
 * @example
 * isEntryBatch([{ href: '/a', status: 200 }]); // true
 */
export function isEntryBatch(value: Entry | Iterable<Entry>): value is Iterable<Entry> {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Partial<Iterable<Entry>>)[Symbol.iterator] === 'function'
  );
}

/**
 * Calls a producer function (handing it the signal) and gets an iterator from what it returns. Arrays and
 * collectors are "held": already in memory, so they can be rendered whole before anything is sent.
 */
export async function openEntrySource(entries: MultiStatusEntries, signal: () => AbortSignal): Promise<OpenedSource> {
  // A promise (of entries, or from a producer) that rejects is a producer failing before the commit point.
  const source: unknown = typeof entries === 'function' ? await entries({ signal: signal() }) : await entries;
  if (Array.isArray(source)) return { kind: 'held', iterator: source[Symbol.iterator]() };
  if (source instanceof MultiStatusCollector) return { kind: 'held', iterator: source[Symbol.iterator]() };
  if (source !== null && typeof source === 'object') {
    const asyncIterator = (source as Partial<AsyncIterable<Entry | Iterable<Entry>>>)[Symbol.asyncIterator];
    if (typeof asyncIterator === 'function') return { kind: 'async', iterator: asyncIterator.call(source) };
    const iterator = (source as Partial<Iterable<Entry>>)[Symbol.iterator];
    if (typeof iterator === 'function') return { kind: 'sync', iterator: iterator.call(source) };
  }
  throw notASource(source);
}
