import { parseBody } from './internal/parse-body';
import { readHeader } from './internal/read-header';
import { isParsedResult, isResponseLike } from './internal/read-response';
import type { ParsedMultiStatus } from './types';

/**
 * What {@link readMultiStatus} reads: a parsed result, a supertest response, a fetch `Response`, or a
 * body (text or bytes).
 *
 * @example
 * const source: MultiStatusSource = await fetch(url, { method: 'PROPFIND' });
 */
export type MultiStatusSource =
  | ParsedMultiStatus
  | string
  | Uint8Array
  | { status: number; headers: object; text?: string; body?: unknown }
  | { headers: { get(name: string): string | null }; arrayBuffer(): Promise<ArrayBuffer> };

function hasArrayBuffer(value: object): value is { headers: unknown; arrayBuffer(): Promise<ArrayBuffer> } {
  return typeof (value as { arrayBuffer?: unknown }).arrayBuffer === 'function';
}

/**
 * Reads a multistatus body, XML or JSON, into `{ entries, description?, summary? }`: the asynchronous way
 * to get what the matchers need from a fetch `Response`, or from a supertest response whose XML body was
 * not parsed with `multiStatusParser`. Rejects with a `MultiStatusParseError` when the body is not one.
 *
 * @example
 * const result = await readMultiStatus(await fetch(url, { method: 'PROPFIND' }));
 * expect(result).toHaveEntry('/docs/');
 */
export async function readMultiStatus(source: MultiStatusSource): Promise<ParsedMultiStatus> {
  if (typeof source === 'string' || source instanceof Uint8Array) return parseBody(source, undefined);
  if (isParsedResult(source)) return source;
  const contentType = readHeader(source.headers, 'content-type');
  if (hasArrayBuffer(source)) return parseBody(new Uint8Array(await source.arrayBuffer()), contentType);
  if (isResponseLike(source)) {
    const { body, text } = source;
    if (isParsedResult(body)) return body;
    if (body instanceof Uint8Array) return parseBody(body, contentType);
    if (typeof text === 'string') return parseBody(text, contentType);
    if (body !== null && typeof body === 'object') return parseBody(JSON.stringify(body), 'application/json');
  }
  throw new TypeError(
    'readMultiStatus: expected a response (status, headers, text or body), a fetch Response, or a body',
  );
}
