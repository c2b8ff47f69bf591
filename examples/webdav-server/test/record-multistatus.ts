import type { NextFunction, Request, Response } from 'express';

/** One 207 body the server sent, with the request that produced it. */
export interface RecordedMultiStatus {
  method: string;
  url: string;
  body: string;
}

/**
 * Test-only middleware that copies the body of every 207 response into `into`, by wrapping `res.write`
 * and `res.end` (what actually goes on the wire, after the kit has serialised it).
 */
export function recordMultiStatus(into: RecordedMultiStatus[]) {
  return function recordMultiStatusMiddleware(req: Request, res: Response, next: NextFunction) {
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      chunks.push(
        typeof chunk === 'string'
          ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
          : Buffer.from(chunk as Uint8Array),
      );
    };
    const write = res.write;
    const end = res.end;
    res.write = function recordWrite(this: Response, chunk: unknown, ...rest: unknown[]) {
      keep(chunk, rest[0]);
      return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Response['write'];
    res.end = function recordEnd(this: Response, chunk?: unknown, ...rest: unknown[]) {
      keep(chunk, rest[0]);
      return (end as (...args: unknown[]) => Response).call(this, chunk, ...rest);
    } as Response['end'];
    res.on('finish', () => {
      if (res.statusCode === 207) {
        into.push({ method: req.method, url: req.originalUrl, body: Buffer.concat(chunks).toString('utf8') });
      }
    });
    next();
  };
}
