import type { RequestListener } from 'node:http';
import request from 'supertest';

/** A response as a test reads it: status, headers and the body as text, whatever its media type. */
export interface TextResponse {
  status: number;
  headers: Record<string, string | undefined>;
  text: string;
}

/** Sends one request through supertest and reads the body as UTF-8 text (superagent would not for XML). */
export async function fetchText(
  listener: RequestListener,
  options: { method?: string; path?: string; headers?: Record<string, string> } = {},
): Promise<TextResponse> {
  const agent = request(listener);
  const method = (options.method ?? 'GET').toLowerCase() as 'get';
  let req = agent[method](options.path ?? '/');
  for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);
  const res = await req.buffer(true).parse((stream, done) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
    });
    stream.on('end', () => done(null, text));
  });
  return { status: res.status, headers: res.headers as Record<string, string | undefined>, text: res.body as string };
}
