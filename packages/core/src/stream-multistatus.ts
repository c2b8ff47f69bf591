import { ErrorCodes, MultiStatusError } from './errors';
import { Chunker } from './internal/chunker';
import { createSerializer } from './serialize';
import { type ChunkOptions, serializeChunks } from './serialize-chunks';
import type { Entry, EntrySource } from './types';

/** Options of {@link streamMultiStatus}. */
export type StreamOptions = ChunkOptions;

function isAsyncIterable(value: unknown): value is AsyncIterable<Entry> {
  return value != null && typeof (value as AsyncIterable<Entry>)[Symbol.asyncIterator] === 'function';
}

/**
 * The multistatus document in chunks, produced as the entries arrive, from an array, an iterable or an
 * async iterable. Stopping early (`break`, or `return()` on this generator) calls `return()` on the entries'
 * iterator, so the producer's `finally` runs.
 *
 * @example
 * for await (const chunk of streamMultiStatus(listFiles())) socket.write(chunk);
 */
export async function* streamMultiStatus(
  entries: EntrySource,
  options: StreamOptions = {},
): AsyncGenerator<string, void, undefined> {
  if (!isAsyncIterable(entries)) {
    if (entries == null || typeof (entries as Iterable<Entry>)[Symbol.iterator] !== 'function') {
      throw new MultiStatusError(
        ErrorCodes.INVALID_OPTION,
        'streamMultiStatus(entries) takes an array, an iterable or an async iterable of entries.',
      );
    }
    yield* serializeChunks(entries, options);
    return;
  }
  const serializer = createSerializer(options);
  const chunker = new Chunker(options.chunkSize ?? 16384);
  chunker.add(serializer.head());
  for await (const entry of entries) {
    const chunk = chunker.add(serializer.entry(entry));
    if (chunk !== undefined) yield chunk;
  }
  chunker.add(serializer.tail());
  yield chunker.take();
}
