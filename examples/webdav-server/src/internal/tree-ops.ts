import type { Entry } from '@multistatus/core';
import { lockBlocking } from './check-conditions';
import type { DavContext } from './dav-context';
import { lockTokenSubmitted } from './dav-error';
import { isWithin, joinPath } from './resource-path';

/**
 * The members strictly inside `path` that a lock protects and whose token was not submitted, each as the
 * 423 entry a 207 reports for it (RFC 4918 §9.6.1, §9.9.4).
 *
 * @example
 * const blocked = blockedMembers(ctx, '/coll', tokens); // Map { '/coll/locked' => { href, status: 423, error } }
 */
export function blockedMembers(ctx: DavContext, path: string, tokens: Set<string>): Map<string, Entry> {
  const blocked = new Map<string, Entry>();
  for (const lock of ctx.locks.inside(path)) {
    if (blocked.has(lock.root)) continue;
    const by = lockBlocking(ctx, lock.root, tokens);
    if (by) {
      blocked.set(lock.root, {
        href: ctx.href(lock.root, lock.collection),
        status: 423,
        error: lockTokenSubmitted([by]),
      });
    }
  }
  return blocked;
}

/**
 * Removes `path` and its members except the blocked ones and the collections that hold them, so that a
 * partly failed DELETE leaves exactly the failing members in place (RFC 4918 §9.6.1).
 *
 * @example
 * await removeExcept(ctx, '/coll', new Set(['/coll/locked']));
 */
export async function removeExcept(ctx: DavContext, path: string, blocked: Set<string>): Promise<void> {
  if (blocked.has(path)) return;
  const holdsBlocked = [...blocked].some((b) => b !== path && isWithin(b, path));
  if (!holdsBlocked) {
    await ctx.store.remove(path);
    ctx.locks.releaseWithin(path);
    return;
  }
  const names: string[] = [];
  for await (const member of ctx.store.members(path)) names.push(member.name);
  for (const name of names) await removeExcept(ctx, joinPath(path, name), blocked);
}

/**
 * Copies `from` to `to` member by member (RFC 4918 §9.8.3: Depth 0 copies the collection without members),
 * skipping `skip`ped subtrees, and returns a 207 entry for every member that failed.
 *
 * @example
 * const failures = await copyTree(ctx, '/a', '/b', 'infinity', new Set());
 */
export async function copyTree(
  ctx: DavContext,
  from: string,
  to: string,
  depth: '0' | 'infinity',
  skip: Set<string>,
): Promise<Entry[]> {
  const failures: Entry[] = [];
  const walk = async (source: string, target: string, top: boolean): Promise<void> => {
    const info = await ctx.store.stat(source);
    if (!info) return;
    try {
      await ctx.store.copy(source, target);
    } catch (err) {
      // The request URI's own failure is the caller's error status, never a 207 entry (RFC 4918 §9.8.5).
      if (top) throw err;
      const status = (err as { status?: number }).status;
      failures.push({
        href: ctx.href(target, info.type === 'collection'),
        status: status && status >= 400 ? status : 500,
      });
      return;
    }
    if (info.type !== 'collection' || depth === '0') return;
    const names: string[] = [];
    for await (const member of ctx.store.members(source)) names.push(member.name);
    for (const name of names) {
      const child = joinPath(source, name);
      if (!skip.has(child)) await walk(child, joinPath(target, name), false);
    }
  };
  await walk(from, to, true);
  return failures;
}
