import type { StatusEntry } from '../types';
import type { DispatchOutcome } from './dispatch-request';
import type { BatchItem } from './parse-batch-request';
import { isJsonMediaType, isTextMediaType, mediaTypeOf } from './parse-batch-request';
import type { ResolvedBatchOptions } from './resolve-batch-options';

/**
 * One batch item's outcome: a status entry with the item's `id`, its url as `href`, its `location`, its
 * `body`, and the allow-listed response `headers`.
 *
 * @example
 * const entry: BatchEntry = { href: '/users', id: '1', status: 201, location: '/users/7', body: { id: 7 } };
 */
export interface BatchEntry extends StatusEntry {
  id: string;
  /** Allow-listed item response headers, lower-case names (`etag`, `content-type`, `retry-after`, ...). */
  headers?: Record<string, string>;
}

// Headers that describe the body; dropped with the body of a 5xx.
const BODY_HEADERS = new Set(['content-type', 'content-language', 'content-location', 'content-length']);

// Strict: a real U+FFFD in valid UTF-8 stays text; only bytes that are not UTF-8 make the body binary.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function charsetOf(contentType: string | undefined): string | undefined {
  const match = contentType === undefined ? null : /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

/** The body as text when it is text in a character set we can read exactly, else undefined. */
function textOf(body: Buffer, charset: string | undefined): string | undefined {
  const name = charset ?? 'utf-8';
  try {
    // TextDecoder knows the WHATWG encodings (utf-8, iso-8859-x, windows-125x, shift_jis, …); an unknown
    // label throws, and the body then travels as bytes rather than being misread.
    return (name === 'utf-8' || name === 'utf8' ? strictUtf8 : new TextDecoder(name, { fatal: true })).decode(body);
  } catch {
    return undefined;
  }
}

function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaTypeOf(contentType);
  const charset = charsetOf(contentType);
  if (isJsonMediaType(type)) {
    const text = textOf(body, charset);
    if (text === undefined) return body.toString('base64url');
    try {
      return JSON.parse(text);
    } catch {
      // Mislabelled JSON is passed on as the text it is rather than dropped.
      return text;
    }
  }
  // Text in its declared character set (RFC 9110 §8.3.2), UTF-8 when none is given; text that does not
  // decode, and anything else (OData 4.01 §19.1), travels as base64url so that no byte is lost.
  if (isTextMediaType(type) || type === undefined) {
    const text = textOf(body, charset);
    if (text !== undefined) return text;
  }
  return body.toString('base64url');
}

/**
 * Turns what became of one dispatched item into its entry. A 5xx never carries its body (it may hold an error
 * message or a stack trace), only its status and retry hints.
 *
 * @example
 * toBatchEntry(item, { kind: 'timeout' }, options); // { href: item.url, id: item.id, status: 504, description: ... }
 */
export function toBatchEntry(item: BatchItem, outcome: DispatchOutcome, options: ResolvedBatchOptions): BatchEntry {
  const base = { href: item.url, id: item.id };
  switch (outcome.kind) {
    case 'timeout':
      return { ...base, status: 504, description: `The request was not answered within ${options.itemTimeout} ms.` };
    case 'aborted':
      return {
        ...base,
        status: 504,
        description: `The batch deadline of ${options.deadline} ms passed before the request was answered.`,
      };
    case 'too-large':
      return {
        ...base,
        status: 502,
        description: `The response body was larger than ${options.maxItemResponseBytes} bytes.`,
      };
    case 'failed':
      return { ...base, status: 502, description: 'The request ended without a complete response.' };
  }
  const { status } = outcome;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    return { ...base, status: 502, description: `The request was answered with an invalid status (${status}).` };
  }
  const location = typeof outcome.headers.location === 'string' ? outcome.headers.location : undefined;
  // RFC 4918 §13.2: a redirect in a multistatus must carry its location.
  if (status >= 300 && status < 400 && status !== 304 && location === undefined) {
    return { ...base, status: 502, description: `The request was answered ${status} without a Location header.` };
  }
  const entry: BatchEntry = { ...base, status };
  if (location !== undefined) entry.location = location;
  const serverError = status >= 500;
  const headers: Record<string, string> = {};
  let any = false;
  for (const name of options.responseHeaders) {
    if (serverError && BODY_HEADERS.has(name)) continue;
    const value = outcome.headers[name];
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
    any = true;
  }
  if (any) entry.headers = headers;
  if (!serverError && outcome.body.length > 0 && item.method !== 'HEAD') {
    const type = outcome.headers['content-type'];
    entry.body = decodeBody(outcome.body, typeof type === 'string' ? type : undefined);
  }
  return entry;
}
