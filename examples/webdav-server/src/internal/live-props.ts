import type { PropValue } from '@multistatus/core';
import type { ResourceInfo } from '../store';
import type { DavContext } from './dav-context';
import { formatHttpDate, formatIsoDate } from './format-date';
import { activeLock, supportedLock } from './lock-xml';
import { baseName } from './resource-path';

/**
 * The RFC 4918 §15 live properties this server computes; clients cannot set or remove them.
 *
 * @example
 * for (const name of LIVE_PROPS) console.log(name); // '{DAV:}creationdate', ...
 */
export const LIVE_PROPS = [
  '{DAV:}creationdate',
  '{DAV:}getcontentlength',
  '{DAV:}getcontenttype',
  '{DAV:}getetag',
  '{DAV:}getlastmodified',
  '{DAV:}resourcetype',
  '{DAV:}lockdiscovery',
  '{DAV:}supportedlock',
] as const;

const LIVE = new Set<string>(LIVE_PROPS);

/**
 * Whether a Clark name is one of the protected live properties (RFC 4918 §16 `cannot-modify-protected-property`).
 *
 * @example
 * isLiveProp('{DAV:}getetag'); // true
 */
export function isLiveProp(name: string): boolean {
  return LIVE.has(name);
}

const TYPES = new Map<string, string>([
  ['txt', 'text/plain'],
  ['html', 'text/html'],
  ['htm', 'text/html'],
  ['css', 'text/css'],
  ['js', 'text/javascript'],
  ['json', 'application/json'],
  ['xml', 'application/xml'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['svg', 'image/svg+xml'],
  ['pdf', 'application/pdf'],
]);
const UNKNOWN_TYPE = 'application/octet-stream';

// The last extension looked up and its type: the files of a listing mostly share their extension, so most
// lookups compare in place instead of slicing and lower-casing the name.
let lastExtension = '';
let lastType = UNKNOWN_TYPE;

/** The media type guessed from a file name's extension. */
function typeOfName(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return UNKNOWN_TYPE;
  if (name.length - dot - 1 === lastExtension.length && name.endsWith(lastExtension)) return lastType;
  lastExtension = name.slice(dot + 1);
  // A Map, not an object: an extension such as `constructor` must not find Object.prototype's.
  lastType = TYPES.get(lastExtension.toLowerCase()) ?? UNKNOWN_TYPE;
  return lastType;
}

/**
 * The media type of a file: the one given at PUT, else one guessed from its extension.
 *
 * @example
 * contentTypeOf('/a.txt', info); // 'text/plain'
 */
export function contentTypeOf(path: string, info: ResourceInfo): string {
  return info.contentType ?? typeOfName(baseName(path));
}

/**
 * The value of one live property of a resource, or `undefined` when it does not have it.
 *
 * @example
 * liveProp(ctx, '/a.txt', info, '{DAV:}getetag'); // '"1-2"'
 */
export function liveProp(ctx: DavContext, path: string, info: ResourceInfo, name: string): PropValue | undefined {
  const file = info.type === 'file';
  switch (name) {
    case '{DAV:}creationdate':
      // RFC 4918 §15.1: RFC 3339 date-time.
      return formatIsoDate(info.created);
    case '{DAV:}getcontentlength':
      return file ? info.size : undefined;
    case '{DAV:}getcontenttype':
      return file ? contentTypeOf(path, info) : undefined;
    case '{DAV:}getetag':
      return info.etag;
    case '{DAV:}getlastmodified':
      // RFC 4918 §15.7: an HTTP-date (rfc1123-date).
      return formatHttpDate(info.modified);
    case '{DAV:}resourcetype':
      return file ? null : COLLECTION;
    case '{DAV:}lockdiscovery':
      return lockDiscovery(ctx, path);
    case '{DAV:}supportedlock':
      return supportedLock();
    default:
      return undefined;
  }
}

/**
 * Every live property a resource has, in {@link LIVE_PROPS} order, as a new object: what `liveProp` gives one
 * name at a time, in one pass (allprop asks for all of them, once per resource of a listing). `name` is the
 * resource's last path segment, for the content type. The object is built as one literal per resource type, so
 * each is allocated once, at its final size, with the same shape as every other.
 *
 * @example
 * const props = liveProps(ctx, '/a.txt', 'a.txt', info); // props['{DAV:}getcontentlength'] === info.size
 */
export function liveProps(ctx: DavContext, path: string, name: string, info: ResourceInfo): Record<string, PropValue> {
  if (info.type === 'file') {
    return {
      '{DAV:}creationdate': formatIsoDate(info.created),
      '{DAV:}getcontentlength': info.size,
      '{DAV:}getcontenttype': info.contentType ?? typeOfName(name),
      '{DAV:}getetag': info.etag,
      '{DAV:}getlastmodified': formatHttpDate(info.modified),
      '{DAV:}resourcetype': null,
      '{DAV:}lockdiscovery': lockDiscovery(ctx, path),
      '{DAV:}supportedlock': supportedLock(),
    };
  }
  return {
    '{DAV:}creationdate': formatIsoDate(info.created),
    '{DAV:}getetag': info.etag,
    '{DAV:}getlastmodified': formatHttpDate(info.modified),
    '{DAV:}resourcetype': COLLECTION,
    '{DAV:}lockdiscovery': lockDiscovery(ctx, path),
    '{DAV:}supportedlock': supportedLock(),
  };
}

/** RFC 4918 §15.8: the locks on a resource, or an empty element when there are none. */
function lockDiscovery(ctx: DavContext, path: string): PropValue {
  const locks = ctx.locks.affecting(path);
  return locks.length === 0 ? null : locks.map((lock) => activeLock(lock, ctx.locks, ctx.href));
}

// The same value for every collection: built once (the serialiser only reads it).
const COLLECTION: PropValue = Object.freeze({ name: '{DAV:}collection' });
