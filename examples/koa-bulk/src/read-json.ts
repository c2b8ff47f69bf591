import type { IncomingMessage } from 'node:http';

/** An error Koa renders as it is: a 4xx with a message meant for the client. */
class BodyError extends Error {
  override readonly name = 'BodyError';
  readonly expose = true;
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads a JSON request body of at most `limit` bytes (a body parser in a few lines, so the example has no
 * dependency beyond Koa and its router).
 *
 * @example
 * const items = await readJson(ctx.req, 1024 * 1024);
 */
export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)) {
    throw new BodyError(415, 'Send the items as application/json.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, `The body is larger than ${limit} bytes.`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BodyError(400, 'The body is not valid JSON.');
  }
}
