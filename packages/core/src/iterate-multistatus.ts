import { ErrorCodes } from './errors';
import { inputSlices, TextFeed } from './internal/xml-input';
import { MultiStatusHandler } from './internal/xml-multistatus';
import { XmlReader } from './internal/xml-reader';
import {
  MULTISTATUS_ITERATE_LIMITS,
  type ParseInput,
  type ParseLimits,
  type ParseOptions,
  resolveParseLimits,
} from './parse-options';
import type { Entry } from './types';

async function* readEntries(input: ParseInput, limits: ParseLimits): AsyncGenerator<Entry, void, undefined> {
  const queue: Entry[] = [];
  const handler = new MultiStatusHandler((entry) => queue.push(entry), limits);
  const reader = new XmlReader(handler, limits);
  const feed = new TextFeed(reader, limits);
  for await (const slice of inputSlices(input)) {
    try {
      feed.write(slice);
    } catch (err) {
      // The entries read before the error are still handed out, then the error.
      for (const entry of queue) yield entry;
      throw err;
    }
    // At most one slice's worth of entries is held; the next slice is read only when they are consumed.
    for (let i = 0; i < queue.length; i++) yield queue[i] as Entry;
    queue.length = 0;
  }
  feed.end();
  if (!reader.sawRoot) {
    throw reader.error(ErrorCodes.PARSE_MALFORMED, 'The document has no root element; expected {DAV:}multistatus');
  }
  for (const entry of queue) yield entry;
}

/**
 * Reads a `207 Multi-Status` XML body entry by entry, in constant memory: each entry is handed out as soon as
 * its `</D:response>` is read, and the input is read only as fast as entries are consumed. By default the size
 * of the document and the number of entries are not limited (see `MULTISTATUS_ITERATE_LIMITS`). A parse error is
 * thrown from the loop at the point where it is found, after the entries before it.
 *
 * @example
 * for await (const entry of iterateMultiStatus(fs.createReadStream('listing.xml'))) {
 *   console.log(entry.href);
 * }
 */
export function iterateMultiStatus(input: ParseInput, options?: ParseOptions): AsyncIterable<Entry> {
  const limits = resolveParseLimits(options, MULTISTATUS_ITERATE_LIMITS);
  return { [Symbol.asyncIterator]: () => readEntries(input, limits) };
}
