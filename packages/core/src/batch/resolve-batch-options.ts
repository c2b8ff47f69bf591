import { ErrorCodes, MultiStatusError } from '../errors';
import { FORBIDDEN_FORWARD, isForbiddenForward } from './internal/header-rules';

/**
 * A credential header the batch may pass from the outer request to every item.
 *
 * @example
 * const credentials: BatchCredential[] = ['authorization'];
 */
export type BatchCredential = 'authorization' | 'cookie';

/**
 * Limits and header policy of a batch endpoint. Every option has a safe default (docs/batch.md).
 *
 * @example
 * const options: BatchOptions = { maxRequests: 50, concurrency: 8, credentials: ['authorization'] };
 */
export interface BatchOptions {
  /** Most requests in one batch; more is answered 413 before anything runs. Default 20 (as Microsoft Graph). */
  maxRequests?: number;
  /** Most bytes of batch body; more is answered 413 before anything runs. Default 1 MiB. */
  maxBytes?: number;
  /** Most sub-requests running at once. Default 5. */
  concurrency?: number;
  /** Milliseconds one sub-request may take before it is abandoned and answered 504. Default 10 000. */
  itemTimeout?: number;
  /** Milliseconds the whole batch may take; running and waiting items are then answered 504. Default 30 000. */
  deadline?: number;
  /** Most bytes of one item's response body; a larger one is abandoned and answered 502. Default 1 MiB. */
  maxItemResponseBytes?: number;
  /** Methods an item may use. Default GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS. */
  methods?: readonly string[];
  /** Outer request headers copied into every item (unless the item sets its own). Default accept-language, user-agent. */
  forwardHeaders?: readonly string[];
  /** Credential headers copied from the outer request into every item. Default both: `['authorization', 'cookie']`. */
  credentials?: readonly BatchCredential[];
  /** Item response headers carried into each entry's `headers`. Default: see {@link DEFAULT_RESPONSE_HEADERS}. */
  responseHeaders?: readonly string[];
}

/**
 * {@link BatchOptions} with every default applied and checked.
 *
 * @example
 * const { maxBytes }: ResolvedBatchOptions = resolveBatchOptions({});
 */
export interface ResolvedBatchOptions {
  maxRequests: number;
  maxBytes: number;
  concurrency: number;
  itemTimeout: number;
  deadline: number;
  maxItemResponseBytes: number;
  methods: ReadonlySet<string>;
  forwardHeaders: readonly string[];
  credentials: readonly BatchCredential[];
  responseHeaders: ReadonlySet<string>;
}

/**
 * Item response headers carried into entries by default: the ones a client needs to act on an item
 * (validators, caching, retry, the media type of `body`). `Set-Cookie` and hop-by-hop headers never are.
 *
 * @example
 * batch({ responseHeaders: [...DEFAULT_RESPONSE_HEADERS, 'x-request-id'] });
 */
export const DEFAULT_RESPONSE_HEADERS: readonly string[] = [
  'allow',
  'cache-control',
  'content-language',
  'content-location',
  'content-type',
  'etag',
  'expires',
  'last-modified',
  'preference-applied',
  'retry-after',
  'www-authenticate',
];

const DEFAULT_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
// RFC 9110 §9.3.6, §9.3.8: CONNECT opens a tunnel and TRACE echoes credentials back; neither belongs in a batch.
const NEVER_METHODS = new Set(['CONNECT', 'TRACE']);
// RFC 9110 §5.6.2: a token.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function fail(name: string, value: unknown, rule: string): never {
  throw new MultiStatusError(
    ErrorCodes.INVALID_OPTION,
    `Invalid batch option ${name}: ${JSON.stringify(value)}. ${rule}`,
  );
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1)
    fail(name, value, 'Expected a positive integer.');
  return value;
}

function headerList(name: string, value: unknown, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value)) fail(name, value, 'Expected an array of header names.');
  return value.map((h) => {
    if (typeof h !== 'string' || !TOKEN.test(h)) fail(name, value, `${JSON.stringify(h)} is not a header name.`);
    return h.toLowerCase();
  });
}

/**
 * Applies the defaults to batch options and checks them, throwing a {@link MultiStatusError}
 * (`ERR_MULTISTATUS_INVALID_OPTION`) that names the option and the rule.
 *
 * @example
 * const resolved = resolveBatchOptions({ concurrency: 2 }); // resolved.maxRequests === 20
 */
export function resolveBatchOptions(options: BatchOptions = {}): ResolvedBatchOptions {
  if (options === null || typeof options !== 'object') fail('options', options, 'Expected an object.');
  const methods = headerList('methods', options.methods, DEFAULT_METHODS).map((m) => m.toUpperCase());
  for (const m of methods)
    if (NEVER_METHODS.has(m)) fail('methods', options.methods, `${m} cannot be allowed in a batch.`);

  const forwardHeaders = headerList('forwardHeaders', options.forwardHeaders, ['accept-language', 'user-agent']);
  for (const h of forwardHeaders) {
    if (h === 'authorization' || h === 'cookie') {
      fail('forwardHeaders', options.forwardHeaders, `Pass ${h} with the \`credentials\` option.`);
    }
    if (isForbiddenForward(h)) {
      fail('forwardHeaders', options.forwardHeaders, `${h} is never forwarded (${FORBIDDEN_FORWARD}).`);
    }
  }

  const credentials = options.credentials ?? ['authorization', 'cookie'];
  if (!Array.isArray(credentials) || credentials.some((c) => c !== 'authorization' && c !== 'cookie')) {
    fail('credentials', options.credentials, "Expected an array of 'authorization' and/or 'cookie'.");
  }

  const responseHeaders = headerList('responseHeaders', options.responseHeaders, DEFAULT_RESPONSE_HEADERS);
  for (const h of responseHeaders) {
    if (h === 'set-cookie' || h === 'location' || isForbiddenForward(h)) {
      fail(
        'responseHeaders',
        options.responseHeaders,
        h === 'location'
          ? "Location is always carried, as the entry's `location`."
          : `${h} is never carried from an item (Set-Cookie and hop-by-hop headers are dropped).`,
      );
    }
  }

  return {
    maxRequests: positiveInteger('maxRequests', options.maxRequests, 20),
    maxBytes: positiveInteger('maxBytes', options.maxBytes, 1024 * 1024),
    concurrency: positiveInteger('concurrency', options.concurrency, 5),
    itemTimeout: positiveInteger('itemTimeout', options.itemTimeout, 10_000),
    deadline: positiveInteger('deadline', options.deadline, 30_000),
    maxItemResponseBytes: positiveInteger('maxItemResponseBytes', options.maxItemResponseBytes, 1024 * 1024),
    methods: new Set(methods),
    forwardHeaders,
    credentials: [...credentials],
    responseHeaders: new Set(responseHeaders),
  };
}
