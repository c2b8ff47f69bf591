import { assertUnlocked, evaluateIf } from '../internal/check-conditions';
import type { DavContext } from '../internal/dav-context';
import { DavError, lockTokenSubmitted } from '../internal/dav-error';
import { isWithin, parentPath } from '../internal/resource-path';
import { blockedMembers, copyTree, removeExcept } from '../internal/tree-ops';

/**
 * COPY and MOVE (RFC 4918 §9.8, §9.9): Destination, Depth and Overwrite checks, then the copy or move;
 * members that fail are reported in a 207, the request URI's own failure as a plain status.
 *
 * @example
 * await handleCopyMove(ctx, 'MOVE');
 */
export async function handleCopyMove(ctx: DavContext, method: 'COPY' | 'MOVE'): Promise<void> {
  const { res, store } = ctx;
  const destination = ctx.header('destination');
  if (!destination) throw new DavError(400, 'Missing Destination header');
  const to = ctx.pathOf(destination);
  // RFC 4918 §9.8.5: 502 when the destination is on another server (or outside this one's mount point).
  if (to === undefined) throw new DavError(502, 'The Destination is not on this server');
  const info = await store.stat(ctx.path);
  if (!info) throw new DavError(404, 'Not Found');

  const rawDepth = ctx.header('depth')?.toLowerCase();
  const depth = rawDepth === undefined || rawDepth === 'infinity' ? 'infinity' : rawDepth === '0' ? '0' : undefined;
  // RFC 4918 §9.8.3: COPY takes Depth 0 or infinity; §9.9.2: MOVE of a collection acts as infinity only.
  if (depth === undefined || (method === 'MOVE' && info.type === 'collection' && depth !== 'infinity')) {
    throw new DavError(400, `Depth: ${rawDepth} is not allowed for ${method}`);
  }
  const overwriteHeader = ctx.header('overwrite')?.toUpperCase();
  if (overwriteHeader !== undefined && overwriteHeader !== 'T' && overwriteHeader !== 'F') {
    throw new DavError(400, `Overwrite must be T or F, not ${overwriteHeader}`);
  }
  const overwrite = overwriteHeader !== 'F';

  if (to === ctx.path) throw new DavError(403, 'The source and destination are the same resource');
  if (isWithin(to, ctx.path) || isWithin(ctx.path, to)) {
    throw new DavError(403, 'The destination is inside the source, or the source inside the destination');
  }
  const destParent = await store.stat(parentPath(to));
  if (destParent?.type !== 'collection') throw new DavError(409, 'The destination collection does not exist');
  const existing = await store.stat(to);
  // RFC 4918 §10.6: Overwrite: F with an existing destination fails the precondition.
  if (existing && !overwrite) throw new DavError(412, 'The destination exists and Overwrite is F');

  const tokens = await evaluateIf(ctx);
  if (method === 'MOVE') {
    assertUnlocked(ctx, ctx.path, tokens);
    assertUnlocked(ctx, parentPath(ctx.path), tokens);
  }
  assertUnlocked(ctx, parentPath(to), tokens);
  if (existing) {
    assertUnlocked(ctx, to, tokens);
    const lockedInside = blockedMembers(ctx, to, tokens);
    if (lockedInside.size > 0) {
      throw new DavError(
        423,
        'The destination holds locked members',
        lockTokenSubmitted([...lockedInside.values()].map((e) => e.href)),
      );
    }
    // RFC 4918 §9.8.4, §9.9.3: overwriting is a DELETE (Depth: infinity) of the destination first.
    await store.remove(to);
    ctx.locks.releaseWithin(to);
  }

  const status = existing ? 204 : 201;
  if (method === 'COPY') {
    const failures = await copyTree(ctx, ctx.path, to, info.type === 'collection' ? depth : 'infinity', new Set());
    if (failures.length > 0) await res.multiStatus(failures);
    else res.status(status).end();
    return;
  }

  const blocked = blockedMembers(ctx, ctx.path, tokens);
  if (blocked.size === 0) {
    await store.move(ctx.path, to);
    // RFC 4918 §7.5 (and §9.9.4): locks stay with the source URL; moved resources are no longer covered by them.
    ctx.locks.releaseWithin(ctx.path);
    res.status(status).end();
    return;
  }
  // Some members are locked: move everything else, leave those (and the collections holding them) behind.
  const skip = new Set(blocked.keys());
  const failures = await copyTree(ctx, ctx.path, to, 'infinity', skip);
  await removeExcept(ctx, ctx.path, skip);
  await res.multiStatus([...blocked.values(), ...failures]);
}
