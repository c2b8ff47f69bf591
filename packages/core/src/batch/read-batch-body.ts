import type { IncomingMessage } from 'node:http';
import { ErrorCodes, MultiStatusError } from '../errors';
import { batchTooLarge, invalidBatch } from './internal/batch-error';
import { isJsonMediaType, mediaTypeOf } from './parse-batch-request';

/**
 * What {@link readBatchBody} needs besides the request.
 *
 * @example
 * const options: ReadBatchBodyOptions = { maxBytes: 1024 * 1024, parsed: req.body };
 */
export interface ReadBatchBodyOptions {
  /** Most bytes accepted; a larger body is answered 413 without being read further. */
  maxBytes: number;
  /** The body a framework's parser already read (`req.body`, `ctx.request.body`), if any. */
  parsed?: unknown;
}

function unsupported(message: string): MultiStatusError {
  return new MultiStatusError(ErrorCodes.BATCH_MEDIA_TYPE, message, { status: 415 });
}

/**
 * Reads a batch body as JSON with a byte limit, or takes the one a body parser (`express.json()`,
 * koa-bodyparser) already read when the request stream has been consumed. Rejects with a
 * {@link MultiStatusError}: 415 unless `Content-Type` is JSON in UTF-8 (which also keeps cross-site HTML
 * forms out), 413 over `maxBytes`, 400 for JSON that does not parse.
 *
 * @example
 * const body = await readBatchBody(req, { maxBytes: 1024 * 1024, parsed: req.body });
 */
export async function readBatchBody(req: IncomingMessage, options: ReadBatchBodyOptions): Promise<unknown> {
  const contentType = req.headers['content-type'];
  if (!isJsonMediaType(mediaTypeOf(contentType))) {
    throw unsupported(
      `A batch must be sent as Content-Type: application/json, not ${JSON.stringify(contentType ?? '(none)')}.`,
    );
  }
  // RFC 8259 §8.1: JSON exchanged between systems is UTF-8.
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw unsupported(`A batch must be UTF-8 JSON, not charset ${JSON.stringify(charset)}.`);
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    throw batchTooLarge(`The batch body is ${declared} bytes; at most ${options.maxBytes} are accepted.`);
  }
  if (req.readableDidRead || req.readableEnded) {
    // A body parser ran first and consumed the stream; its result is the body.
    if (options.parsed === undefined) {
      throw invalidBatch('The batch body was read by another middleware but not parsed as JSON.');
    }
    return options.parsed;
  }
  const text = await readText(req, options.maxBytes);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw invalidBatch(`The batch body is not valid JSON: ${(err as Error).message}.`);
  }
}

function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('aborted', onAborted);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        // Stop reading; Node discards the rest once the 413 is sent.
        req.pause();
        reject(batchTooLarge(`The batch body is larger than ${maxBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size).toString('utf8'));
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(invalidBatch(`The batch body could not be read: ${err.message}.`));
    };
    const onAborted = (): void => onError(new Error('the client went away'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('aborted', onAborted);
  });
}
