import { Chunker } from './internal/chunker';
import { createSerializer } from './serialize';
import type { Entry, SerializeOptions } from './types';

/** Options of {@link serializeChunks} and {@link streamMultiStatus}. */
export interface ChunkOptions extends SerializeOptions {
  /** Entries are gathered into chunks of at least this many UTF-16 code units. Default 16384. */
  chunkSize?: number;
}

/**
 * The document as a synchronous sequence of chunks (head and tail included). The one serialisation loop:
 * `renderMultiStatus` joins its chunks and `streamMultiStatus` yields them.
 *
 * @example
 * for (const chunk of serializeChunks([{ href: '/a', status: 200 }])) process.stdout.write(chunk);
 */
export function* serializeChunks(
  entries: Iterable<Entry>,
  options: ChunkOptions = {},
): Generator<string, void, undefined> {
  const serializer = createSerializer(options);
  const chunker = new Chunker(options.chunkSize ?? 16384);
  chunker.add(serializer.head());
  for (const entry of entries) {
    const chunk = chunker.add(serializer.entry(entry));
    if (chunk !== undefined) yield chunk;
  }
  chunker.add(serializer.tail());
  yield chunker.take();
}
