import { assertUnlocked, checkHttpConditions, evaluateIf } from '../internal/check-conditions';
import type { DavContext } from '../internal/dav-context';
import { DavError } from '../internal/dav-error';
import { parentPath } from '../internal/resource-path';

/**
 * PUT: creates (201) or replaces (204) a file; its parent collection must exist (RFC 4918 §9.7.1: 409).
 *
 * @example
 * await handlePut(ctx);
 */
export async function handlePut(ctx: DavContext): Promise<void> {
  const { req, res, store } = ctx;
  // RFC 9110 §14.4: a server that does not support partial PUT must refuse Content-Range.
  if (ctx.header('content-range') !== undefined) throw new DavError(400, 'Partial PUT is not supported');
  if (ctx.path === '/') throw new DavError(405, 'Cannot PUT to the root collection');
  const info = await store.stat(ctx.path);
  if (info?.type === 'collection') throw new DavError(405, 'Cannot PUT to a collection');
  const parent = await store.stat(parentPath(ctx.path));
  if (parent?.type !== 'collection') throw new DavError(409, 'The parent collection does not exist');
  const tokens = await evaluateIf(ctx);
  checkHttpConditions(ctx, info);
  if (info) assertUnlocked(ctx, ctx.path, tokens);
  // RFC 4918 §7.1: a lock on the parent protects its membership, so creating a member needs its token.
  else assertUnlocked(ctx, parentPath(ctx.path), tokens);
  const contentType = ctx.header('content-type');
  await store.write(ctx.path, req as AsyncIterable<Buffer>, contentType);
  const written = await store.stat(ctx.path);
  if (written) res.setHeader('ETag', written.etag);
  res.status(info ? 204 : 201).end();
}
