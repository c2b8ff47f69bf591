import { DavError } from './dav-error';

// What a filesystem failure means to the client. Anything else stays a 500 (logged, never sent).
const STATUS_BY_CODE: Record<string, [number, string]> = {
  ENAMETOOLONG: [400, 'A path segment is too long for the filesystem'],
  ENOSPC: [507, 'No space left to store the resource'], // RFC 4918 §11.5: 507 Insufficient Storage
  EDQUOT: [507, 'Storage quota exceeded'],
  EACCES: [403, 'Permission denied by the filesystem'],
  EPERM: [403, 'Operation not permitted by the filesystem'],
  EROFS: [403, 'The filesystem is read-only'],
  ELOOP: [404, 'Not Found'], // a symbolic link met with O_NOFOLLOW: links are not served
  ENOENT: [409, 'A resource changed during the request'],
  ENOTDIR: [409, 'A resource changed during the request'],
  EISDIR: [409, 'A resource changed during the request'],
};

/**
 * Turns a Node filesystem error into the HTTP error it stands for (RFC 4918 §9.7.1, §11.5), leaving other
 * errors as they are.
 *
 * @example
 * await rename(a, b).catch((err) => { throw toDavError(err); });
 */
export function toDavError(err: unknown): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const mapped = code ? STATUS_BY_CODE[code] : undefined;
  return mapped ? new DavError(mapped[0], mapped[1]) : err;
}
