import { parseIfHeader } from '../parse-if-header';
import type { ResourceInfo } from '../store';
import type { DavContext } from './dav-context';
import { DavError, lockTokenSubmitted } from './dav-error';

function sameEtag(a: string, b: string): boolean {
  // Weak comparison (RFC 9110 §8.8.3.2) is enough for the If header's entity tags.
  return a.replace(/^W\//, '') === b.replace(/^W\//, '');
}

/**
 * Evaluates the RFC 4918 §10.4 `If` header (412 when it is present and no list holds) and returns the lock
 * tokens it submits.
 *
 * @example
 * const tokens = await evaluateIf(ctx);
 */
export async function evaluateIf(ctx: DavContext): Promise<Set<string>> {
  const header = ctx.header('if');
  const tokens = new Set<string>();
  if (header === undefined) return tokens;
  const lists = parseIfHeader(header);
  const infos = new Map<string, Promise<ResourceInfo | undefined>>();
  const stat = (path: string) => {
    const known = infos.get(path);
    if (known) return known;
    const info = ctx.store.stat(path);
    infos.set(path, info);
    return info;
  };
  let holds = false;
  for (const list of lists) {
    for (const c of list.conditions) if (c.token && !c.not) tokens.add(c.token);
    if (holds) continue;
    const path = list.resource === undefined ? ctx.path : ctx.pathOf(list.resource);
    if (path === undefined) continue;
    let all = true;
    for (const condition of list.conditions) {
      let matches: boolean;
      if (condition.token !== undefined) {
        const lock = ctx.locks.get(condition.token);
        // RFC 4918 §10.4.8: a state token matches when it names a lock that covers the resource.
        matches = lock !== undefined && ctx.locks.affecting(path).includes(lock);
      } else {
        const info = await stat(path);
        matches = info !== undefined && sameEtag(info.etag, condition.etag ?? '');
      }
      if (matches === condition.not) {
        all = false;
        break;
      }
    }
    if (all) holds = true;
  }
  if (!holds) throw new DavError(412, 'The If header matches no list');
  return tokens;
}

/**
 * Refuses (423 with `DAV:lock-token-submitted`, RFC 4918 §9.10.x) to change a resource that a lock covers
 * unless one of that lock's tokens was submitted.
 *
 * @example
 * assertUnlocked(ctx, ctx.path, tokens);
 */
export function assertUnlocked(ctx: DavContext, path: string, tokens: Set<string>): void {
  const blocking = lockBlocking(ctx, path, tokens);
  if (blocking) throw new DavError(423, `${path} is locked`, lockTokenSubmitted([blocking]));
}

/**
 * The href of the lock root that stops a change to `path`, or `undefined` when it may change.
 *
 * @example
 * if (lockBlocking(ctx, '/a/b', tokens)) failed.push('/a/b');
 */
export function lockBlocking(ctx: DavContext, path: string, tokens: Set<string>): string | undefined {
  const locks = ctx.locks.affecting(path);
  if (locks.length === 0 || locks.some((lock) => tokens.has(lock.token))) return undefined;
  const lock = locks[0];
  return lock ? ctx.href(lock.root, lock.collection) : undefined;
}

/**
 * Applies `If-Match` and `If-None-Match` (RFC 9110 §13.1); returns `'not-modified'` when a GET or HEAD
 * should answer 304.
 *
 * @example
 * if (checkHttpConditions(ctx, info) === 'not-modified') return res.status(304).end();
 */
export function checkHttpConditions(ctx: DavContext, info: ResourceInfo | undefined): 'not-modified' | undefined {
  const ifMatch = ctx.header('if-match');
  if (ifMatch !== undefined) {
    const ok =
      info !== undefined && (ifMatch.trim() === '*' || ifMatch.split(',').some((tag) => tag.trim() === info.etag));
    if (!ok) throw new DavError(412, 'If-Match does not match');
  }
  const ifNoneMatch = ctx.header('if-none-match');
  if (ifNoneMatch !== undefined && info !== undefined) {
    const matches = ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => sameEtag(t.trim(), info.etag));
    if (matches) {
      if (ctx.req.method === 'GET' || ctx.req.method === 'HEAD') return 'not-modified';
      throw new DavError(412, 'If-None-Match matches');
    }
  }
  return undefined;
}
