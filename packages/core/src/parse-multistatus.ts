import { ErrorCodes } from './errors';
import { readDocument, readDocumentSync } from './internal/xml-document';
import { invalidInput } from './internal/xml-input';
import { MultiStatusHandler } from './internal/xml-multistatus';
import type { XmlReader } from './internal/xml-reader';
import { MULTISTATUS_PARSE_LIMITS, type ParseInput, type ParseOptions, resolveParseLimits } from './parse-options';
import type { Entry } from './types';

/**
 * A parsed 207 body: its entries in document order, and the multistatus-level description.
 *
 * @example
 * const { entries, description }: MultiStatusDocument = await parseMultiStatus(body);
 */
export interface MultiStatusDocument {
  entries: Entry[];
  /** The `<D:responsedescription>` of the whole multistatus, when there is one. */
  description?: string;
}

/**
 * Reads a `207 Multi-Status` XML body (RFC 4918 §13) into entries, the same model `renderMultiStatus` writes:
 * statuses as numbers, one entry per href, every propstat with its own status, text kept as text.
 *
 * @example
 * const { entries } = await parseMultiStatus(await response.text());
 * // [{ href: '/a', propstat: [{ status: 200, props: { '{DAV:}displayname': 'A' } }] }]
 */
export async function parseMultiStatus(input: ParseInput, options?: ParseOptions): Promise<MultiStatusDocument> {
  const limits = resolveParseLimits(options, MULTISTATUS_PARSE_LIMITS);
  const entries: Entry[] = [];
  const handler = new MultiStatusHandler((entry) => entries.push(entry), limits);
  return finish(await readDocument(input, handler, limits), handler, entries);
}

/**
 * {@link parseMultiStatus} for a body already in memory, synchronously: the same entries, the same errors.
 *
 * @example
 * const { entries } = parseMultiStatusSync(res.text);
 */
export function parseMultiStatusSync(input: string | Uint8Array, options?: ParseOptions): MultiStatusDocument {
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) {
    throw invalidInput(input);
  }
  const limits = resolveParseLimits(options, MULTISTATUS_PARSE_LIMITS);
  const entries: Entry[] = [];
  const handler = new MultiStatusHandler((entry) => entries.push(entry), limits);
  return finish(readDocumentSync(input, handler, limits), handler, entries);
}

function finish(reader: XmlReader, handler: MultiStatusHandler, entries: Entry[]): MultiStatusDocument {
  if (!reader.sawRoot) {
    throw reader.error(ErrorCodes.PARSE_MALFORMED, 'The document has no root element; expected {DAV:}multistatus');
  }
  return handler.description === undefined ? { entries } : { entries, description: handler.description };
}
