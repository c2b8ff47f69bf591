import type { DavContext } from '../internal/dav-context';

/**
 * The methods this server implements, for `Allow` (RFC 9110 §10.2.1).
 *
 * @example
 * res.setHeader('Allow', ALLOWED_METHODS.join(', '));
 */
export const ALLOWED_METHODS = [
  'OPTIONS',
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'MKCOL',
  'COPY',
  'MOVE',
  'PROPFIND',
  'PROPPATCH',
  'LOCK',
  'UNLOCK',
];

/**
 * OPTIONS: announces WebDAV compliance classes 1 and 2 (RFC 4918 §10.1, §18).
 *
 * @example
 * await handleOptions(ctx); // 200, DAV: 1, 2
 */
export async function handleOptions(ctx: DavContext): Promise<void> {
  ctx.res.setHeader('DAV', '1, 2');
  ctx.res.setHeader('Allow', ALLOWED_METHODS.join(', '));
  // Lets Microsoft clients pick WebDAV over FrontPage extensions.
  ctx.res.setHeader('MS-Author-Via', 'DAV');
  ctx.res.setHeader('Content-Length', '0');
  ctx.res.status(200).end();
}
