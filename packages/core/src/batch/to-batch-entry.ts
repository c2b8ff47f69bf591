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

function decodeBody(body: Buffer, contentType: string | undefined): unknown {
  const type = mediaTypeOf(contentType);
  if (isJsonMediaType(type)) {
    const text = body.toString('utf8');
    try {
      return JSON.parse(text);
    } catch {
      // Mislabelled JSON is passed on as the text it is rather than dropped.
      return text;
    }
  }
  if (isTextMediaType(type)) return body.toString('utf8');
  // Without a media type, valid UTF-8 travels as text; anything else (OData 4.01 §19.1) as base64url.
  if (type === undefined) {
    const text = body.toString('utf8');
    if (!text.includes('\uFFFD')) return text;
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
