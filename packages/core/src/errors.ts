/**
 * The catalogue of error codes. A code is stable: match on it, not on the message.
 *
 * @example
 * if (err instanceof MultiStatusError && err.code === ErrorCodes.INFORMATIONAL_STATUS) { ... }
 */
export const ErrorCodes = {
  /** The entry is not an object. */
  INVALID_ENTRY: 'ERR_MULTISTATUS_INVALID_ENTRY',
  /** `href` is missing, not a string, or empty. */
  MISSING_HREF: 'ERR_MULTISTATUS_MISSING_HREF',
  /** The entry has neither `status` nor `propstat`. */
  NO_STATUS: 'ERR_MULTISTATUS_NO_STATUS',
  /** The entry has both `status` and `propstat`. */
  STATUS_AND_PROPSTAT: 'ERR_MULTISTATUS_STATUS_AND_PROPSTAT',
  /** A status is not an integer in 200–599. */
  INVALID_STATUS: 'ERR_MULTISTATUS_INVALID_STATUS',
  /** A status is 1xx, which RFC 4918 §13 says SHOULD NOT be recorded. */
  INFORMATIONAL_STATUS: 'ERR_MULTISTATUS_INFORMATIONAL_STATUS',
  /** A redirect (3xx but 304) without `location` (RFC 4918 §13.2). */
  REDIRECT_WITHOUT_LOCATION: 'ERR_MULTISTATUS_REDIRECT_WITHOUT_LOCATION',
  /** `propstat` is not a non-empty array of `{ status, props }`. */
  INVALID_PROPSTAT: 'ERR_MULTISTATUS_INVALID_PROPSTAT',
  /** A property, element or attribute name is not a valid Clark name with an XML local name. */
  INVALID_NAME: 'ERR_MULTISTATUS_INVALID_NAME',
  /** A property value or XML content is not of a supported shape. */
  INVALID_VALUE: 'ERR_MULTISTATUS_INVALID_VALUE',
  /** A string holds a character XML 1.0 cannot carry, under `invalidChars: 'throw'`. */
  INVALID_CHAR: 'ERR_MULTISTATUS_INVALID_CHAR',
  /** An entry's `body` cannot be written as JSON. */
  BODY_NOT_SERIALIZABLE: 'ERR_MULTISTATUS_BODY_NOT_SERIALIZABLE',
  /** An option has a wrong type or value. */
  INVALID_OPTION: 'ERR_MULTISTATUS_INVALID_OPTION',
  /** The entry producer failed after the response was committed; the response was aborted. */
  PRODUCER_FAILED: 'ERR_MULTISTATUS_PRODUCER_FAILED',
  /** The client went away before the response was finished. */
  CLIENT_ABORTED: 'ERR_MULTISTATUS_CLIENT_ABORTED',
  /** The client accepts none of the offered formats. */
  NOT_ACCEPTABLE: 'ERR_MULTISTATUS_NOT_ACCEPTABLE',
  /** The response already sent its headers (or ended): a 207 cannot be written onto it. */
  HEADERS_SENT: 'ERR_MULTISTATUS_HEADERS_SENT',
  /** Parsing: the input is not a string, bytes, a readable stream or an iterable of chunks (a programmer mistake). */
  INVALID_INPUT: 'ERR_MULTISTATUS_INVALID_INPUT',
  /** Parsing: the document is not well-formed XML (or not UTF-8). */
  PARSE_MALFORMED: 'ERR_MULTISTATUS_PARSE_MALFORMED',
  /** Parsing: the document declares a DOCTYPE or entity; none is ever expanded or fetched. */
  PARSE_DOCTYPE: 'ERR_MULTISTATUS_PARSE_DOCTYPE',
  /** Parsing: the root element is not the one expected. */
  PARSE_WRONG_ROOT: 'ERR_MULTISTATUS_PARSE_WRONG_ROOT',
  /** Parsing: the document is well-formed but does not follow RFC 4918's structure. */
  PARSE_INVALID: 'ERR_MULTISTATUS_PARSE_INVALID',
  /** Parsing: a limit (bytes, depth, entries, text length) was exceeded. */
  PARSE_LIMIT: 'ERR_MULTISTATUS_PARSE_LIMIT',
  /** Batch: the request body is not a valid batch (shape, method, header or dependency), answered 400. */
  BATCH_INVALID: 'ERR_MULTISTATUS_BATCH_INVALID',
  /** Batch: an item's url is not a relative path starting with a single `/`, answered 400. */
  BATCH_URL_REFUSED: 'ERR_MULTISTATUS_BATCH_URL_REFUSED',
  /** Batch: an item targets a batch endpoint; batches do not nest. Answered 400. */
  BATCH_NESTED: 'ERR_MULTISTATUS_BATCH_NESTED',
  /** Batch: too many requests or too many bytes, answered 413 before anything runs. */
  BATCH_TOO_LARGE: 'ERR_MULTISTATUS_BATCH_TOO_LARGE',
  /** Batch: the body is not JSON (`Content-Type: application/json` is required), answered 415. */
  BATCH_MEDIA_TYPE: 'ERR_MULTISTATUS_BATCH_MEDIA_TYPE',
} as const;

/** One of the stable codes in {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

/**
 * A programmer mistake or a failure while producing a 207, with a stable `code`.
 *
 * @example
 * try { renderMultiStatus([{ href: '/a', status: 102 }]); } catch (err) { (err as MultiStatusError).code; }
 */
export class MultiStatusError extends Error {
  override readonly name: string = 'MultiStatusError';
  readonly code: ErrorCode;
  /** The href of the entry at fault, when there is one. */
  readonly href: string | undefined;
  /** HTTP status an error handler should use (500: these are server-side mistakes). */
  readonly status: number;
  /** Whether the message may be shown to a client (never, for 5xx). */
  readonly expose: boolean;

  constructor(code: ErrorCode, message: string, options: { href?: string; cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.href = options.href;
    this.status = options.status ?? 500;
    this.expose = this.status < 500;
  }
}

/**
 * Bad input from the wire: a body that is not a well-formed, safe, RFC 4918 document. Carries `line` and
 * `column` (1-based), and `status` 400 with `expose` true so http-errors-style handlers render it.
 *
 * @example
 * try { await parsePropfind('<nope'); } catch (err) { (err as MultiStatusParseError).line; }
 */
export class MultiStatusParseError extends Error {
  override readonly name: string = 'MultiStatusParseError';
  readonly code: ErrorCode;
  readonly line: number;
  readonly column: number;
  readonly status: number;
  readonly expose: boolean;

  constructor(
    code: ErrorCode,
    message: string,
    position: { line: number; column: number },
    options: { cause?: unknown; status?: number } = {},
  ) {
    super(
      `${message} (line ${position.line}, column ${position.column})`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = code;
    this.line = position.line;
    this.column = position.column;
    this.status = options.status ?? 400;
    this.expose = this.status < 500;
  }
}
