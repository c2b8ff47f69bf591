import type { ParseInput, ParseLimits } from '../parse-options';
import { inputSlices, slicesOf, TextFeed } from './xml-input';
import { type XmlHandler, XmlReader } from './xml-reader';

/** Reads a whole document into `handler`; returns the reader, to check for a root or report an error at the end. */
export async function readDocument(input: ParseInput, handler: XmlHandler, limits: ParseLimits): Promise<XmlReader> {
  const reader = new XmlReader(handler, limits);
  const feed = new TextFeed(reader, limits);
  for await (const slice of inputSlices(input)) feed.write(slice);
  feed.end();
  return reader;
}

/** The same for a document already in memory, synchronously (for callers that cannot await, such as matchers). */
export function readDocumentSync(input: string | Uint8Array, handler: XmlHandler, limits: ParseLimits): XmlReader {
  const reader = new XmlReader(handler, limits);
  const feed = new TextFeed(reader, limits);
  for (const slice of slicesOf(input)) feed.write(slice);
  feed.end();
  return reader;
}
