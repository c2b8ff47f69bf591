import { createSerializer } from './serialize';
import type { Entry, SerializeOptions } from './types';

/**
 * The document as a synchronous sequence of strings: the head, one string per entry, the tail. The one
 * serialisation loop that `renderMultiStatus` and `streamMultiStatus` both drive.
 *
 * @example
 * for (const chunk of serializeChunks([{ href: '/a', status: 200 }])) process.stdout.write(chunk);
 */
export function* serializeChunks(entries: Iterable<Entry>, options: SerializeOptions = {}): Generator<string, void, undefined> {
  const serializer = createSerializer(options);
  yield serializer.head();
  for (const entry of entries) yield serializer.entry(entry);
  yield serializer.tail();
}
