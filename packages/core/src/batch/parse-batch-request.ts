import { checkItemUrl } from './check-item-url';
import { batchTooLarge, invalidBatch } from './internal/batch-error';
import { isForbiddenForward } from './internal/header-rules';
import type { ResolvedBatchOptions } from './resolve-batch-options';

/**
 * One checked item of a batch, ready to dispatch.
 *
 * @example
 * const item: BatchItem = { index: 0, id: '1', method: 'GET', url: '/users/1', headers: {}, dependsOn: [] };
 */
export interface BatchItem {
  /** Position in `requests`. */
  index: number;
  id: string;
  /** Upper-case method. */
  method: string;
  /** The path (and query) to dispatch, checked by {@link checkItemUrl}. */
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The encoded body, when the item has one. */
  body?: Buffer;
  /** Ids of the items this one waits for. */
  dependsOn: string[];
}

const MEMBERS = new Set(['id', 'method', 'url', 'headers', 'body', 'dependsOn']);
const MAX_ID_LENGTH = 256;
// RFC 9110 §5.6.2 token, and §5.5 field values: visible characters, spaces and tabs, never CR, LF or NUL.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The media type of a Content-Type value, lower-case, without parameters.
 *
 * @example
 * mediaTypeOf('Application/JSON; charset=utf-8'); // 'application/json'
 */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const type = contentType.split(';', 1)[0]!.trim().toLowerCase();
  return type === '' ? undefined : type;
}

/**
 * Whether a media type is JSON (`application/json` or a `+json` suffix, RFC 6839 §3.1).
 *
 * @example
 * isJsonMediaType('application/problem+json'); // true
 */
export function isJsonMediaType(type: string | undefined): boolean {
  return type !== undefined && (type === 'application/json' || type.endsWith('+json'));
}

/**
 * Whether a media type is text that travels as a JSON string unchanged (others travel as base64).
 *
 * @example
 * isTextMediaType('text/csv'); // true
 */
export function isTextMediaType(type: string | undefined): boolean {
  return (
    type !== undefined &&
    (type.startsWith('text/') ||
      type.endsWith('+xml') ||
      type === 'application/xml' ||
      type === 'application/javascript' ||
      type === 'application/x-www-form-urlencoded')
  );
}

function parseHeaders(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value))
    throw invalidBatch(`${where} must be an object of header names to string values, not ${show(value)}.`);
  const headers: Record<string, string> = {};
  for (const [rawName, headerValue] of Object.entries(value)) {
    const name = rawName.toLowerCase();
    if (!TOKEN.test(rawName)) throw invalidBatch(`${where} has an invalid header name ${show(rawName)}.`);
    if (typeof headerValue !== 'string') {
      throw invalidBatch(`${where}.${rawName} must be a string, not ${show(headerValue)}.`);
    }
    if (!FIELD_VALUE.test(headerValue)) {
      throw invalidBatch(
        `${where}.${rawName} holds a control character (CR, LF and NUL are never allowed in a header).`,
      );
    }
    if (isForbiddenForward(name)) {
      throw invalidBatch(
        `${where}.${rawName} cannot be set on a batch item: hop-by-hop fields, Host, Content-Length, Expect, ` +
          'Accept-Encoding, Forwarded and X-Forwarded-* are set for each sub-request by the server.',
      );
    }
    if (name in headers) throw invalidBatch(`${where} sets ${rawName} twice.`);
    headers[name] = headerValue;
  }
  return headers;
}

// OData 4.01 JSON batch §19.1 (and Microsoft Graph): a JSON media type carries the body as JSON, a textual
// one as a string, anything else as a base64url (or base64) string.
function encodeBody(body: unknown, headers: Record<string, string>, where: string): Buffer | undefined {
  if (body === undefined) return undefined;
  const type = mediaTypeOf(headers['content-type']);
  if (type === undefined) {
    headers['content-type'] = 'application/json';
    return Buffer.from(JSON.stringify(body));
  }
  if (isJsonMediaType(type)) return Buffer.from(JSON.stringify(body));
  if (typeof body !== 'string') {
    throw invalidBatch(
      `${where} must be a string for Content-Type ${show(type)} (only JSON media types take a JSON value).`,
    );
  }
  if (isTextMediaType(type)) return Buffer.from(body, 'utf8');
  if (!BASE64.test(body)) throw invalidBatch(`${where} must be base64 or base64url for Content-Type ${show(type)}.`);
  return Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

function parseDependsOn(value: unknown, where: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((id) => typeof id !== 'string')) {
    throw invalidBatch(`${where} must be an array of request ids (strings), not ${show(value)}.`);
  }
  return [...new Set(value as string[])];
}

function parseItem(raw: unknown, index: number, options: ResolvedBatchOptions): BatchItem {
  const where = `requests[${index}]`;
  if (!isObject(raw)) throw invalidBatch(`${where} must be an object with id, method and url, not ${show(raw)}.`);
  for (const key of Object.keys(raw)) {
    if (!MEMBERS.has(key)) {
      throw invalidBatch(
        `${where} has an unknown member ${show(key)}${key === 'atomicityGroup' ? ' (atomicity groups are not supported)' : ''}. ` +
          'A request has id, method, url, and optionally headers, body, dependsOn.',
      );
    }
  }
  const { id, method } = raw;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) {
    throw invalidBatch(
      `${where}.id must be a non-empty string of at most ${MAX_ID_LENGTH} characters, not ${show(id)}.`,
    );
  }
  if (typeof method !== 'string' || !TOKEN.test(method))
    throw invalidBatch(`${where}.method must be an HTTP method, not ${show(method)}.`);
  const upper = method.toUpperCase();
  if (!options.methods.has(upper)) {
    throw invalidBatch(
      `${where}.method ${show(method)} is not allowed in a batch (allowed: ${[...options.methods].join(', ')}).`,
    );
  }
  const url = checkItemUrl(raw.url, `${where}.url`);
  const headers = parseHeaders(raw.headers, `${where}.headers`);
  const body = encodeBody(raw.body, headers, `${where}.body`);
  return {
    index,
    id,
    method: upper,
    url,
    headers,
    ...(body && { body }),
    dependsOn: parseDependsOn(raw.dependsOn, `${where}.dependsOn`),
  };
}

/**
 * Checks a parsed batch body against the JSON batch shape of Microsoft Graph and OData 4.01,
 * `{ requests: [{ id, method, url, headers?, body?, dependsOn? }] }`, and the limits. Throws a
 * {@link MultiStatusError} with `status` 413 when there are more than `maxRequests` requests (checked first,
 * before anything else is looked at), 400 naming the request and member at fault otherwise.
 *
 * @example
 * const items = parseBatchRequest({ requests: [{ id: '1', method: 'GET', url: '/users/1' }] }, resolveBatchOptions());
 */
export function parseBatchRequest(body: unknown, options: ResolvedBatchOptions): BatchItem[] {
  if (!isObject(body) || !('requests' in body)) {
    throw invalidBatch(
      'A batch is a JSON object with a "requests" array: { "requests": [{ "id", "method", "url" }] }.',
    );
  }
  for (const key of Object.keys(body)) {
    if (key !== 'requests')
      throw invalidBatch(`The batch has an unknown member ${show(key)}; only "requests" is accepted.`);
  }
  const { requests } = body;
  if (!Array.isArray(requests)) throw invalidBatch(`"requests" must be an array, not ${show(requests)}.`);
  if (requests.length > options.maxRequests) {
    throw batchTooLarge(`The batch has ${requests.length} requests; at most ${options.maxRequests} are accepted.`);
  }
  if (requests.length === 0) throw invalidBatch('"requests" is empty; a batch needs at least one request.');
  return requests.map((raw, index) => parseItem(raw, index, options));
}
