import { ErrorCodes, MultiStatusError } from './errors';
import { Chunker } from './internal/chunker';
import { isEntryBatch } from './internal/open-entry-source';
import { createSerializer } from './serialize';
import { type ChunkOptions, serializeChunks } from './serialize-chunks';
import type { Entry, EntrySource } from './types';

/** Options of {@link streamMultiStatus}. */
export type StreamOptions = ChunkOptions;

function isAsyncIterable(value: unknown): value is AsyncIterable<Entry | Iterable<Entry>> {
  return value != null && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
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
  for await (const item of entries) {
    if (isEntryBatch(item)) {
      for (const entry of item) {
        const chunk = chunker.add(serializer.entry(entry));
        if (chunk !== undefined) yield chunk;
      }
      continue;
    }
    const chunk = chunker.add(serializer.entry(item));
    if (chunk !== undefined) yield chunk;
  }
  chunker.add(serializer.tail());
  yield chunker.take();
}
