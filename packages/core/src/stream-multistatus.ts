import { ErrorCodes, MultiStatusError } from './errors';
import { createSerializer } from './serialize';
import type { Entry, EntrySource, SerializeOptions } from './types';

/** Options of {@link streamMultiStatus}. */
export interface StreamOptions extends SerializeOptions {
  /** Entries are gathered into chunks of about this many UTF-16 code units before a chunk is yielded. Default 16384. */
  chunkSize?: number;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Entry> {
  return value != null && typeof (value as AsyncIterable<Entry>)[Symbol.asyncIterator] === 'function';
}

/**
 * The multistatus document in chunks, produced as the entries arrive, from an array, an iterable or an
 * async iterable. Breaking out of the loop calls `return()` on the entries' iterator.
 *
 * @example
 * for await (const chunk of streamMultiStatus(listFiles())) socket.write(chunk);
 */
export async function* streamMultiStatus(entries: EntrySource, options: StreamOptions = {}): AsyncGenerator<string, void, undefined> {
  const asyncSource = isAsyncIterable(entries);
  if (!asyncSource && (entries == null || typeof (entries as Iterable<Entry>)[Symbol.iterator] !== 'function')) {
    throw new MultiStatusError(ErrorCodes.INVALID_OPTION, 'streamMultiStatus(entries) takes an array, an iterable or an async iterable of entries.');
  }
  const chunkSize = options.chunkSize ?? 16384;
  const serializer = createSerializer(options);
  let pending = serializer.head();
  if (asyncSource) {
    for await (const entry of entries) {
      pending += serializer.entry(entry);
      if (pending.length >= chunkSize) {
        yield pending;
        pending = '';
      }
    }
  } else {
    for (const entry of entries as Iterable<Entry>) {
      pending += serializer.entry(entry);
      if (pending.length >= chunkSize) {
        yield pending;
        pending = '';
      }
    }
  }
  yield pending + serializer.tail();
}
