import { DavError } from './dav-error';

/**
 * Whether a decoded path segment could name something outside its parent: a dot segment, an encoded separator
 * (`/` or a backslash), or a NUL, which ends a path for the operating system.
 *
 * @example
 * isUnsafeSegment('..'); // true
 */
export function isUnsafeSegment(segment: string): boolean {
  return (
    segment === '.' || segment === '..' || segment.includes('/') || segment.includes('\\') || segment.includes('\0')
  );
}

/**
 * Turns the raw path of a request (relative to where the server is mounted) into a store path:
 * `/` or `/a/b`, percent-decoded, with no empty, `.` or `..` segments.
 *
 * @example
 * toResourcePath('/docs/a%20b/'); // '/docs/a b'
 */
export function toResourcePath(rawPath: string): string {
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw new DavError(400, `Invalid percent-encoding in path segment "${raw}"`);
    }
    if (isUnsafeSegment(segment)) throw new DavError(400, `Invalid path segment "${raw}"`);
    segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

/**
 * The parent of a store path (`/` is its own parent).
 *
 * @example
 * parentPath('/a/b'); // '/a'
 */
export function parentPath(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/**
 * Joins a collection path and a member name.
 *
 * @example
 * joinPath('/a', 'b'); // '/a/b'
 */
export function joinPath(collection: string, name: string): string {
  return collection === '/' ? `/${name}` : `${collection}/${name}`;
}

/**
 * Whether `path` is `ancestor` itself or inside it.
 *
 * @example
 * isWithin('/a/b', '/a'); // true
 */
export function isWithin(path: string, ancestor: string): boolean {
  return ancestor === '/' || path === ancestor || path.startsWith(`${ancestor}/`);
}

/**
 * The last segment of a store path (`''` for the root).
 *
 * @example
 * baseName('/a/b'); // 'b'
 */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The href of a store path under the mount point: every segment percent-encoded, and a trailing
 * slash for collections (RFC 4918 §8.3 lets servers add it; clients compare collections with it).
 *
 * @example
 * toHref('/dav', '/a b', true); // '/dav/a%20b/'
 */
export function toHref(base: string, path: string, isCollection: boolean): string {
  const encoded = path === '/' ? '' : path.split('/').map(encodeURIComponent).join('/');
  const href = `${base}${encoded}`;
  return isCollection ? `${href}/` : href || '/';
}
