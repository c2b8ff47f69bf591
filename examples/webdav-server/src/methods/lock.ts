import type { XmlElement, XmlValue } from '@multistatus/core';
import { assertUnlocked, evaluateIf } from '../internal/check-conditions';
import type { DavContext } from '../internal/dav-context';
import { DavError } from '../internal/dav-error';
import { activeLock } from '../internal/lock-xml';
import { readBody } from '../internal/read-body';
import { readXml } from '../internal/read-xml';
import { renderXml } from '../internal/render-xml';
import { parentPath } from '../internal/resource-path';
import type { Lock } from '../lock-manager';

const elements = (element: XmlElement | undefined) =>
  (element?.children ?? []).filter((c): c is XmlElement => typeof c !== 'string');

/** RFC 4918 §10.7: the first timeout the server can honour, capped at `max`; `Infinite` gets `max`. */
function parseTimeout(header: string | undefined, fallback: number, max: number): number {
  for (const part of (header ?? '').split(',')) {
    const value = part.trim();
    if (/^infinite$/i.test(value)) return max;
    const match = /^second-(\d+)$/i.exec(value);
    if (match) return Math.min(Number(match[1]), max);
  }
  return Math.min(fallback, max);
}

async function* noContent(): AsyncGenerator<Buffer> {}

function sendLock(ctx: DavContext, lock: Lock, status: number): void {
  const body = renderXml({
    name: '{DAV:}prop',
    children: [{ name: '{DAV:}lockdiscovery', children: [activeLock(lock, ctx.locks, ctx.href)] }],
  });
  ctx.res.status(status).type('application/xml; charset=utf-8').send(body);
}

/**
 * LOCK (RFC 4918 §9.10): takes an exclusive or shared write lock (Depth 0 or infinity), on an unmapped URL
 * too (creating an empty resource, 201), or refreshes one when the body is empty.
 *
 * @example
 * await handleLock(ctx);
 */
export async function handleLock(ctx: DavContext): Promise<void> {
  const { req, res, store, locks } = ctx;
  const body = await readBody(req, ctx.maxXmlBodySize);
  const timeout = parseTimeout(ctx.header('timeout'), ctx.defaultLockTimeout, ctx.maxLockTimeout);
  const tokens = await evaluateIf(ctx);

  if (body.length === 0) {
    // RFC 4918 §9.10.2: a refresh names the lock in the If header.
    if (tokens.size === 0) throw new DavError(400, 'A LOCK refresh needs the lock token in an If header');
    const lock = locks.affecting(ctx.path).find((l) => tokens.has(l.token));
    if (!lock)
      throw new DavError(412, 'No submitted lock token covers this resource', {
        name: '{DAV:}lock-token-matches-request-uri',
      });
    locks.refresh(lock, timeout);
    sendLock(ctx, lock, 200);
    return;
  }

  const info = readXml(body);
  if (info.name !== '{DAV:}lockinfo') throw new DavError(400, 'The LOCK body is not a DAV:lockinfo');
  const parts = elements(info);
  const scopeName = elements(parts.find((e) => e.name === '{DAV:}lockscope'))[0]?.name;
  const typeName = elements(parts.find((e) => e.name === '{DAV:}locktype'))[0]?.name;
  if (scopeName !== '{DAV:}exclusive' && scopeName !== '{DAV:}shared')
    throw new DavError(400, 'lockscope must be exclusive or shared');
  if (typeName !== '{DAV:}write') throw new DavError(400, 'locktype must be write');
  const ownerElement = parts.find((e) => e.name === '{DAV:}owner');
  const owner: XmlValue | undefined = ownerElement ? (ownerElement.children ?? []) : undefined;
  const scope = scopeName === '{DAV:}exclusive' ? 'exclusive' : 'shared';
  const rawDepth = ctx.header('depth')?.toLowerCase();
  const depth = rawDepth === undefined || rawDepth === 'infinity' ? 'infinity' : rawDepth === '0' ? '0' : undefined;
  if (!depth) throw new DavError(400, `Depth: ${rawDepth} is not allowed for LOCK`);

  // RFC 4918 §6.1, §7: an exclusive lock conflicts with any other lock on the resource, a shared one with exclusive ones.
  const conflicts = (lock: Lock) => scope === 'exclusive' || lock.scope === 'exclusive';
  const onResource = locks.affecting(ctx.path).filter(conflicts);
  if (onResource.length > 0) {
    throw new DavError(423, 'The resource is already locked', {
      name: '{DAV:}no-conflicting-lock',
      children: onResource.map((l) => ({ name: '{DAV:}href', children: [ctx.href(l.root, l.collection)] })),
    });
  }
  const existing = await store.stat(ctx.path);
  if (depth === 'infinity' && existing?.type === 'collection') {
    const inside = locks.inside(ctx.path).filter(conflicts);
    if (inside.length > 0) {
      // RFC 4918 §9.10.6: a 207 naming the member that stopped the lock, and 424 for the request URI.
      await res.multiStatus([
        ...inside.map((l) => ({ href: ctx.href(l.root, l.collection), status: 423 })),
        { href: ctx.href(ctx.path, true), status: 424 },
      ]);
      return;
    }
  }
  if (!existing) {
    // RFC 4918 §7.3: locking an unmapped URL creates an empty resource, if its parent exists.
    const parent = await store.stat(parentPath(ctx.path));
    if (parent?.type !== 'collection') throw new DavError(409, 'The parent collection does not exist');
    assertUnlocked(ctx, parentPath(ctx.path), tokens);
    await store.write(ctx.path, noContent());
  }
  const lock = locks.create({
    root: ctx.path,
    collection: existing?.type === 'collection',
    scope,
    depth,
    owner,
    timeout,
  });
  res.setHeader('Lock-Token', `<${lock.token}>`);
  sendLock(ctx, lock, existing ? 200 : 201);
}

/**
 * UNLOCK (RFC 4918 §9.11): removes the lock named by the Lock-Token header, if it covers the request URI.
 *
 * @example
 * await handleUnlock(ctx);
 */
export async function handleUnlock(ctx: DavContext): Promise<void> {
  const header = ctx.header('lock-token');
  const match = header ? /^\s*<([^>]+)>\s*$/.exec(header) : null;
  if (!match?.[1]) throw new DavError(400, 'UNLOCK needs a Lock-Token header: <token>');
  if (!(await ctx.store.stat(ctx.path))) throw new DavError(404, 'Not Found');
  const lock = ctx.locks.get(match[1]);
  if (!lock || !ctx.locks.affecting(ctx.path).includes(lock)) {
    throw new DavError(409, 'The lock token does not cover this resource', {
      name: '{DAV:}lock-token-matches-request-uri',
    });
  }
  ctx.locks.release(lock);
  ctx.res.status(204).end();
}
