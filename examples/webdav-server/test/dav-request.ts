import type { RequestListener } from 'node:http';
import request from 'supertest';

/** What a test needs from one response: status, headers and the body as text. */
export interface DavResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/**
 * Sends one WebDAV request through supertest and returns its body as text, whatever the content type
 * (superagent only buffers text/* and JSON by itself).
 */
export async function dav(
  app: RequestListener,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<DavResponse> {
  const agent = request(app) as unknown as Record<string, (path: string) => request.Test>;
  const factory = agent[method.toLowerCase()];
  if (!factory) throw new Error(`supertest has no method ${method}`);
  let test = factory.call(agent, path);
  for (const [name, value] of Object.entries(options.headers ?? {})) test = test.set(name, value);
  test = test.buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
    });
    res.on('end', () => done(null, text));
  });
  const res = await (options.body === undefined ? test : test.send(options.body));
  return { status: res.status, headers: res.headers as Record<string, string>, text: String(res.body ?? '') };
}

/** A LOCK request body (RFC 4918 §14.11 lockinfo). */
export function lockinfo(scope: 'exclusive' | 'shared', owner = 'tests'): string {
  return `<?xml version="1.0" encoding="utf-8"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:${scope}/></D:lockscope><D:locktype><D:write/></D:locktype><D:owner>${owner}</D:owner></D:lockinfo>`;
}

/** Takes a lock and returns its token (without the angle brackets). */
export async function takeLock(
  app: RequestListener,
  path: string,
  scope: 'exclusive' | 'shared' = 'exclusive',
  depth: '0' | 'infinity' = 'infinity',
): Promise<string> {
  const res = await dav(app, 'LOCK', path, {
    headers: { 'Content-Type': 'application/xml', Depth: depth },
    body: lockinfo(scope),
  });
  if (res.status !== 200 && res.status !== 201) throw new Error(`LOCK ${path} answered ${res.status}: ${res.text}`);
  return (res.headers['lock-token'] ?? '').replace(/^<|>$/g, '');
}
