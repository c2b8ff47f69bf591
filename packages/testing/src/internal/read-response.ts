import { parseMultiStatusSync } from '@multistatus/core';
import type { ParsedMultiStatus } from '../types';
import { type BodyFormat, formatOf } from './body-format';
import { fromJson, fromJsonText } from './from-json';
import { readHeader } from './read-header';

/** What the matchers know about a response, besides its body. */
export interface ResponseInfo {
  status: number | undefined;
  contentType: string | undefined;
  location: string | undefined;
  format: BodyFormat | undefined;
  /** The body as text, when the response has it, for messages. */
  text: string | undefined;
}

/** A received value read as far as can be done synchronously. */
export type ReadResult =
  | { kind: 'parsed'; result: ParsedMultiStatus; response?: ResponseInfo }
  | { kind: 'invalid'; problem: string; response?: ResponseInfo }
  | { kind: 'unread'; problem: string; response?: ResponseInfo }
  | { kind: 'unknown' };

type Bag = Record<string, unknown>;

function isBag(value: unknown): value is Bag {
  return value !== null && typeof value === 'object';
}

/** A `{ entries }` object: a parsed result, or a `res.body` that `multiStatusParser` filled. */
export function isParsedResult(value: unknown): value is ParsedMultiStatus {
  return isBag(value) && Array.isArray(value.entries) && !Array.isArray(value);
}

function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

function statusOf(response: Bag): number | undefined {
  const status = response.status ?? response.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** A supertest or fetch-like response: a numeric `status` (or `statusCode`) and headers. */
export function isResponseLike(value: unknown): value is Bag {
  return isBag(value) && statusOf(value) !== undefined && (isBag(value.headers) || isBag(value.header));
}

function textOf(response: Bag): string | undefined {
  if (typeof response.text === 'string') return response.text;
  if (isBytes(response.body)) return Buffer.from(response.body).toString('utf8');
  return undefined;
}

function problemOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads what a matcher received, synchronously: a parsed result as is, a response whose body
 * `multiStatusParser` filled, or a response with a JSON or XML body still as text (parsed here). A body
 * not read at all (a fetch Response) is `unread`.
 */
export function readReceived(received: unknown): ReadResult {
  if (!isBag(received)) return { kind: 'unknown' };
  if (!isResponseLike(received)) {
    return isParsedResult(received) ? { kind: 'parsed', result: received } : { kind: 'unknown' };
  }
  const headers = received.headers ?? received.header;
  const text = textOf(received);
  const contentType = readHeader(headers, 'content-type');
  const response: ResponseInfo = {
    status: statusOf(received),
    contentType,
    location: readHeader(headers, 'location'),
    format: formatOf(contentType, text?.slice(0, 64)),
    text,
  };
  const body = received.body;
  if (isParsedResult(body)) return { kind: 'parsed', result: body, response };
  // supertest parses JSON bodies itself; `text` is the fallback when it did not.
  const parsedJson = isBag(body) && !isBytes(body) && 'responses' in body;
  if (response.format === 'json' && (parsedJson || text !== undefined)) {
    try {
      return { kind: 'parsed', result: parsedJson ? fromJson(body) : fromJsonText(text ?? ''), response };
    } catch (error) {
      return { kind: 'invalid', problem: problemOf(error), response };
    }
  }
  if (text === undefined && !parsedJson) {
    // A fetch Response: its body is a stream that only an asynchronous read can consume.
    return {
      kind: 'unread',
      problem: 'its body has not been read: pass `await readMultiStatus(res)` to expect()',
      response,
    };
  }
  if (response.format === 'xml' && text !== undefined) {
    // An XML body that nobody parsed yet (a plain supertest request): parsed here, synchronously.
    try {
      const { entries, description } = parseMultiStatusSync(text);
      return { kind: 'parsed', result: description === undefined ? { entries } : { entries, description }, response };
    } catch (error) {
      return { kind: 'invalid', problem: problemOf(error), response };
    }
  }
  return {
    kind: 'invalid',
    problem: `its body is neither XML nor JSON (content type ${contentType === undefined ? 'missing' : JSON.stringify(contentType)})`,
    response,
  };
}
