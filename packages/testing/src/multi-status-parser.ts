import { parseBody } from './internal/parse-body';
import { readHeader } from './internal/read-header';

/**
 * The response stream superagent hands a parser (a Node `IncomingMessage`): only what the parser uses, so
 * that both Node's and superagent's own types fit.
 *
 * @example
 * const parse: (res: ParserResponseStream, done: ParserCallback) => void = multiStatusParser;
 */
export interface ParserResponseStream {
  headers: Record<string, string | string[] | undefined>;
  statusCode?: number;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * How a superagent parser reports: an error, or the value that becomes `res.body`.
 *
 * @example
 * const done: ParserCallback = (err, body) => console.log(err ?? body);
 */
export type ParserCallback = (error: Error | null, body?: unknown) => void;

function parseOtherStatus(text: string, contentType: string | undefined): unknown {
  if (!/json/i.test(contentType ?? '')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A supertest (superagent) parser that reads a 207 body, XML or JSON, into `{ entries, description?,
 * summary? }` in `res.body`; `res.text` keeps the body as text. A 207 whose body is not a multistatus fails
 * the request with a `MultiStatusParseError`; any other status is left to the test (a JSON body is parsed
 * as JSON, others give an empty `res.body`), so that `expect(res).toBeMultiStatus()` can say what came back.
 *
 * @example
 * const res = await request(app).propfind('/docs/').buffer(true).parse(multiStatusParser);
 * res.body.entries; // [{ href: '/docs/', propstat: [...] }]
 */
export function multiStatusParser(res: ParserResponseStream, callback: ParserCallback): void {
  const chunks: Buffer[] = [];
  let called = false;
  const done = (error: Error | null, body?: unknown): void => {
    if (called) return;
    called = true;
    callback(error, body);
  };
  res.on('data', (chunk) => {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  });
  res.on('error', (error) => done(error));
  res.on('end', () => {
    const bytes = Buffer.concat(chunks);
    const text = bytes.toString('utf8');
    // superagent's Response takes `text` from the stream it gave the parser.
    (res as { text?: string }).text = text;
    const contentType = readHeader(res.headers, 'content-type');
    if (res.statusCode !== undefined && res.statusCode !== 207) {
      done(null, parseOtherStatus(text, contentType));
      return;
    }
    parseBody(bytes, contentType).then(
      (result) => done(null, result),
      (error: Error) => done(error),
    );
  });
}
