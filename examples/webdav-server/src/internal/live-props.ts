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

const TYPES: Record<string, string> = {
  txt: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  json: 'application/json',
  xml: 'application/xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
};

/**
 * The media type of a file: the one given at PUT, else one guessed from its extension.
 *
 * @example
 * contentTypeOf('/a.txt', info); // 'text/plain'
 */
export function contentTypeOf(path: string, info: ResourceInfo): string {
  if (info.contentType) return info.contentType;
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return (dot > 0 && TYPES[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
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
    case '{DAV:}lockdiscovery': {
      const locks = ctx.locks.affecting(path);
      return locks.length === 0 ? null : locks.map((lock) => activeLock(lock, ctx.locks, ctx.href));
    }
    case '{DAV:}supportedlock':
      return supportedLock();
    default:
      return undefined;
  }
}

/**
 * Adds every live property a resource has to `props`, in {@link LIVE_PROPS} order: what `liveProp` gives one
 * name at a time, in one pass (allprop asks for all of them, once per resource of a listing).
 *
 * @example
 * const props: Record<string, PropValue> = {};
 * addLiveProps(ctx, '/a.txt', info, props); // props['{DAV:}getcontentlength'] === info.size
 */
export function addLiveProps(
  ctx: DavContext,
  path: string,
  info: ResourceInfo,
  props: Record<string, PropValue>,
): void {
  const file = info.type === 'file';
  props['{DAV:}creationdate'] = formatIsoDate(info.created);
  if (file) {
    props['{DAV:}getcontentlength'] = info.size;
    props['{DAV:}getcontenttype'] = contentTypeOf(path, info);
  }
  props['{DAV:}getetag'] = info.etag;
  props['{DAV:}getlastmodified'] = formatHttpDate(info.modified);
  props['{DAV:}resourcetype'] = file ? null : COLLECTION;
  const locks = ctx.locks.affecting(path);
  props['{DAV:}lockdiscovery'] = locks.length === 0 ? null : locks.map((lock) => activeLock(lock, ctx.locks, ctx.href));
  props['{DAV:}supportedlock'] = supportedLock();
}

// The same value for every collection: built once (the serialiser only reads it).
const COLLECTION: PropValue = Object.freeze({ name: '{DAV:}collection' });
