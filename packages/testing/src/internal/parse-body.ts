import { ErrorCodes, MultiStatusParseError } from '@multistatus/core';
import type { ParsedMultiStatus } from '../types';
import { formatOf } from './body-format';
import { fromJsonText } from './from-json';
import { parseXml } from './parse-xml';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch (cause) {
    // RFC 8259 §8.1: JSON exchanged between systems MUST be UTF-8.
    throw new MultiStatusParseError(
      ErrorCodes.PARSE_MALFORMED,
      'Invalid multistatus JSON: the body is not UTF-8',
      { line: 1, column: 1 },
      { cause },
    );
  }
}

/**
 * Reads a whole multistatus body, XML or JSON (told by `contentType`, else by its first character), into
 * the entry model. Rejects with a `MultiStatusParseError` when the body is not a multistatus.
 */
export async function parseBody(
  body: Uint8Array | string,
  contentType: string | undefined,
): Promise<ParsedMultiStatus> {
  const head = typeof body === 'string' ? body.slice(0, 64) : Buffer.from(body.subarray(0, 64)).toString('latin1');
  const format = formatOf(contentType, head);
  if (format === 'json') return fromJsonText(typeof body === 'string' ? body : decode(body));
  if (format === 'xml') return parseXml(body);
  throw new MultiStatusParseError(
    ErrorCodes.PARSE_INVALID,
    `Not a multistatus body: the content type is ${contentType === undefined ? 'missing' : JSON.stringify(contentType)} and the body is neither XML nor JSON`,
    { line: 1, column: 1 },
  );
}
