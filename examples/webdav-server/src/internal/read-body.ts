import type { IncomingMessage } from 'node:http';
import { DavError } from './dav-error';

/**
 * Whether the request carries a body (RFC 9112 §6.3: a Content-Length above 0, or Transfer-Encoding).
 *
 * @example
 * if (hasBody(req)) throw new DavError(415, 'MKCOL with a body');
 */
export function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

/**
 * Reads a small request body (an XML document) into memory, refusing more than `limit` bytes with a 413.
 *
 * @example
 * const body = await readBody(req, 1024 * 1024);
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (!hasBody(req)) return Buffer.alloc(0);
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new DavError(413, `Request body over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new DavError(413, `Request body over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
