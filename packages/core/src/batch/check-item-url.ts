import { ErrorCodes } from '../errors';
import { invalidBatch } from './internal/batch-error';

/** Longest item url accepted (bytes), in line with common server limits on a request line. */
export const MAX_ITEM_URL_LENGTH = 8192;

/**
 * Checks that a batch item's url is a path on this server: it starts with a single `/`, and holds only
 * visible ASCII with no `\`, `@` or `#`. Anything that could name another host (`http://…`, `//host`,
 * `/\host`, `user@host`) or smuggle a second request line (control characters, spaces) is refused with a
 * 400 {@link MultiStatusError} (`ERR_MULTISTATUS_BATCH_URL_REFUSED`) naming the item.
 *
 * @example
 * checkItemUrl('/users/1?select=name', 'requests[0].url'); // ok
 * checkItemUrl('//evil.example/', 'requests[1].url'); // throws
 */
export function checkItemUrl(url: unknown, where: string): string {
  const refuse = (why: string): never => {
    throw invalidBatch(
      `${where} ${JSON.stringify(url)} is refused: ${why}. An item url must be a path on this server starting with a single "/".`,
      ErrorCodes.BATCH_URL_REFUSED,
    );
  };
  if (typeof url !== 'string') return refuse('it is not a string');
  if (url.length === 0) return refuse('it is empty');
  if (url.length > MAX_ITEM_URL_LENGTH) return refuse(`it is longer than ${MAX_ITEM_URL_LENGTH} characters`);
  // RFC 9112 §3.2: the request-target is visible ASCII; percent-encode anything else. Control characters
  // and spaces could also split the request line.
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f)
      return refuse(
        `it holds ${c <= 0x20 || c === 0x7f ? 'a control character or space' : 'a non-ASCII character'} at ${i} (percent-encode it)`,
      );
  }
  if (url[0] !== '/') return refuse('it is not a path starting with "/" (absolute and relative URLs are not accepted)');
  // RFC 3986 §4.2: "//host" is a network-path reference; WHATWG URL parsers read "\" as "/" too.
  if (url[1] === '/' || url[1] === '\\') return refuse('it starts with "//" or "/\\", which names another host');
  if (url.includes('\\')) return refuse('it holds "\\"');
  // RFC 3986 §3.2.1: "@" introduces userinfo in an authority; refused so no parser can read a host from it.
  if (url.includes('@')) return refuse('it holds "@" (percent-encode it as %40)');
  if (url.includes('#')) return refuse('it holds a fragment ("#"), which is never sent to a server');
  return url;
}
