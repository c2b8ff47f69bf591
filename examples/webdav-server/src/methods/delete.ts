import { assertUnlocked, evaluateIf } from '../internal/check-conditions';
import type { DavContext } from '../internal/dav-context';
import { DavError } from '../internal/dav-error';
import { parentPath } from '../internal/resource-path';
import { blockedMembers, removeExcept } from '../internal/tree-ops';

/**
 * DELETE: removes a resource and, for a collection, all its members (RFC 4918 §9.6). When some members are
 * locked, the others go and the answer is a 207 listing only the locked ones; an error on the request URI
 * itself is a plain status.
 *
 * @example
 * await handleDelete(ctx);
 */
export async function handleDelete(ctx: DavContext): Promise<void> {
  const { store } = ctx;
  const info = await store.stat(ctx.path);
  if (!info) throw new DavError(404, 'Not Found');
  if (ctx.path === '/') throw new DavError(403, 'The root collection cannot be deleted');
  const depth = ctx.header('depth');
  // RFC 4918 §9.6.1: DELETE on a collection acts as Depth: infinity; any other Depth is an error.
  if (info.type === 'collection' && depth !== undefined && depth.toLowerCase() !== 'infinity') {
    throw new DavError(400, `Depth: ${depth} is not allowed for DELETE of a collection`);
  }
  const tokens = await evaluateIf(ctx);
  assertUnlocked(ctx, ctx.path, tokens);
  assertUnlocked(ctx, parentPath(ctx.path), tokens);
  const blocked = blockedMembers(ctx, ctx.path, tokens);
  if (blocked.size === 0) {
    await store.remove(ctx.path);
    ctx.locks.releaseWithin(ctx.path);
    ctx.res.status(204).end();
    return;
  }
  await removeExcept(ctx, ctx.path, new Set(blocked.keys()));
  await ctx.res.multiStatus([...blocked.values()]);
}
