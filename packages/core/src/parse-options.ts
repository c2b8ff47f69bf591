import { ErrorCodes, MultiStatusError } from './errors';

/**
 * What the parsers read: a whole document as a string or bytes (`Buffer`, `Uint8Array`), or its chunks: a
 * Node `Readable`, a web `ReadableStream`, any iterable or async iterable of strings and bytes. Chunks may
 * split anywhere, even inside a UTF-8 sequence. Bytes must be UTF-8.
 *
 * @example
 * const input: ParseInput = fs.createReadStream('listing.xml');
 */
export type ParseInput = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * Limits and options for the parsers. Every limit has a safe default; pass `Infinity` to lift one.
 *
 * @example
 * await parseMultiStatus(body, { maxEntries: 50_000, maxBytes: 20 * 1024 * 1024 });
 */
export interface ParseOptions {
  /** Most bytes of input read (UTF-8 bytes for string input) before failing with `PARSE_LIMIT`. */
  maxBytes?: number;
  /** Deepest element nesting allowed (the root element is depth 1). */
  maxDepth?: number;
  /**
   * Most entries (`parseMultiStatus`, `iterateMultiStatus`: one per href), properties (`parsePropfind`) or
   * instructions (`parseProppatch`).
   */
  maxEntries?: number;
  /** Longest run of text between two tags, in UTF-16 code units. */
  maxTextLength?: number;
}

/** The limits after defaults are applied. */
export type ParseLimits = Required<ParseOptions>;

/**
 * Defaults for `parseMultiStatus`, which holds the whole result: big listings are normal, but bounded.
 *
 * @example
 * parseMultiStatus(body, { maxBytes: MULTISTATUS_PARSE_LIMITS.maxBytes * 2 });
 */
export const MULTISTATUS_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxBytes: 100 * 1024 * 1024,
  maxDepth: 256,
  maxEntries: 1_000_000,
  maxTextLength: 10 * 1024 * 1024,
});

/**
 * Defaults for `iterateMultiStatus`: it holds one entry at a time, so size and entry count are not limited by
 * default (a 1 GB listing is fine); nesting depth and text length still are, because they cost memory.
 *
 * @example
 * iterateMultiStatus(stream, { ...MULTISTATUS_ITERATE_LIMITS, maxBytes: 2 ** 30 });
 */
export const MULTISTATUS_ITERATE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxBytes: Number.POSITIVE_INFINITY,
  maxDepth: 256,
  maxEntries: Number.POSITIVE_INFINITY,
  maxTextLength: 10 * 1024 * 1024,
});

/**
 * Defaults for request bodies (`parsePropfind`, `parseProppatch`): they come from clients, so they are small.
 *
 * @example
 * parseProppatch(body, { maxBytes: REQUEST_BODY_PARSE_LIMITS.maxBytes * 4 });
 */
export const REQUEST_BODY_PARSE_LIMITS: Readonly<ParseLimits> = Object.freeze({
  maxBytes: 1024 * 1024,
  maxDepth: 64,
  maxEntries: 10_000,
  maxTextLength: 1024 * 1024,
});

const LIMIT_NAMES = ['maxBytes', 'maxDepth', 'maxEntries', 'maxTextLength'] as const;

/** Applies defaults and checks that every limit is a positive integer or `Infinity`. */
export function resolveParseLimits(options: ParseOptions | undefined, defaults: Readonly<ParseLimits>): ParseLimits {
  if (options === undefined) return defaults;
  if (options === null || typeof options !== 'object') {
    throw new MultiStatusError(
      ErrorCodes.INVALID_OPTION,
      `Invalid parse options: ${String(options)}. Expected an object.`,
    );
  }
  const limits: ParseLimits = { ...defaults };
  for (const name of LIMIT_NAMES) {
    const value = options[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && value > 0))) {
      throw new MultiStatusError(
        ErrorCodes.INVALID_OPTION,
        `Invalid option ${name}: ${String(value)}. A limit must be a positive integer or Infinity.`,
      );
    }
    limits[name] = value;
  }
  return limits;
}
