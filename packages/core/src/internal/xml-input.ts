import { ErrorCodes, MultiStatusError } from '../errors';
import type { ParseInput, ParseLimits } from '../parse-options';
import { SLICE_LENGTH, type XmlReader } from './xml-reader';

/** Counts bytes against `maxBytes` and decodes UTF-8 (strictly: bad bytes are an error, not U+FFFD). */
export class TextFeed {
  private bytes = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private pending = false;
  /** The last text ended with a CR, so a LF at the start of the next one belongs to it. */
  private afterCr = false;

  constructor(
    private readonly reader: XmlReader,
    private readonly limits: ParseLimits,
  ) {}

  /** Decodes one chunk and hands the text to the reader. */
  write(chunk: unknown): void {
    if (typeof chunk === 'string') {
      this.count(Buffer.byteLength(chunk, 'utf8'));
      // A string after bytes that ended mid-sequence: the bytes were truncated.
      if (this.pending) this.flush();
      this.text(chunk);
      return;
    }
    if (!(chunk instanceof Uint8Array)) {
      throw new MultiStatusError(
        ErrorCodes.INVALID_INPUT,
        `Invalid chunk: ${chunk === null ? 'null' : typeof chunk}. A document's chunks must be strings or bytes.`,
      );
    }
    this.count(chunk.byteLength);
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      throw this.invalidBytes(chunk);
    }
    this.pending = chunk.byteLength > 0;
    this.text(text);
  }

  /**
   * XML 1.0 §2.11: line breaks are normalised to LF before parsing (CRLF and a lone CR each become LF). Done
   * here, on the raw text, because a CR written as `&#13;` is data and must survive.
   */
  private text(text: string): void {
    if (text === '') return;
    if (this.afterCr && text.charCodeAt(0) === 0x0a) text = text.slice(1);
    this.afterCr = false;
    if (text.indexOf('\r') !== -1) {
      this.afterCr = text.charCodeAt(text.length - 1) === 0x0d;
      text = text.replace(/\r\n?/g, '\n');
    }
    this.reader.write(text);
  }

  /** Ends the input: a UTF-8 sequence cut off at the end is an error. */
  end(): void {
    if (this.pending) this.flush();
    this.reader.end();
  }

  private flush(): void {
    this.pending = false;
    let text: string;
    try {
      text = this.decoder.decode();
    } catch {
      throw this.reader.error(
        ErrorCodes.PARSE_MALFORMED,
        'The document is not valid UTF-8: it ends inside a character',
      );
    }
    this.reader.write(text);
  }

  private count(length: number): void {
    this.bytes += length;
    if (this.bytes > this.limits.maxBytes) {
      throw this.reader.error(ErrorCodes.PARSE_LIMIT, `The document is larger than maxBytes (${this.limits.maxBytes})`);
    }
  }

  /** Reads up to the first bad byte, so the error's line and column point at it. */
  private invalidBytes(chunk: Uint8Array): Error {
    let low = 0;
    let high = chunk.byteLength;
    // The longest prefix that decodes (a sequence cut at the end of a prefix is held back, not an error).
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (decodes(chunk.subarray(0, mid))) low = mid;
      else high = mid - 1;
    }
    this.reader.write(new TextDecoder('utf-8').decode(chunk.subarray(0, low), { stream: true }));
    return this.reader.error(ErrorCodes.PARSE_MALFORMED, 'The document is not valid UTF-8');
  }
}

function decodes(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export function* slicesOf(chunk: unknown): Generator<unknown> {
  if (typeof chunk === 'string' && chunk.length > SLICE_LENGTH) {
    for (let i = 0; i < chunk.length; i += SLICE_LENGTH) yield chunk.slice(i, i + SLICE_LENGTH);
  } else if (chunk instanceof Uint8Array && chunk.byteLength > SLICE_LENGTH) {
    for (let i = 0; i < chunk.byteLength; i += SLICE_LENGTH) yield chunk.subarray(i, i + SLICE_LENGTH);
  } else {
    yield chunk;
  }
}

/**
 * The input as pieces of at most 64 Ki characters or bytes, so that a reader can stop or hand out entries
 * between them. Breaking out of the loop returns (and so closes) the source stream.
 */
export async function* inputSlices(input: ParseInput): AsyncGenerator<unknown> {
  if (typeof input === 'string' || input instanceof Uint8Array) {
    yield* slicesOf(input);
  } else if (input !== null && typeof input === 'object' && Symbol.asyncIterator in input) {
    for await (const chunk of input) yield* slicesOf(chunk);
  } else if (input !== null && typeof input === 'object' && Symbol.iterator in input) {
    for (const chunk of input) yield* slicesOf(chunk);
  } else {
    throw invalidInput(input);
  }
}

/** The error for an input of the wrong type: a programmer mistake, not bad data. */
export function invalidInput(input: unknown): MultiStatusError {
  return new MultiStatusError(
    ErrorCodes.INVALID_INPUT,
    `Invalid input: ${input === null ? 'null' : typeof input}. Expected a string, bytes, a readable stream or an ` +
      'iterable of string or byte chunks.',
  );
}
