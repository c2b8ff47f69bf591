import type { XmlElement } from '@multistatus/core';
import type { Lock, LockManager } from '../lock-manager';

const dav = (local: string, children?: Array<XmlElement | string>): XmlElement =>
  children ? { name: `{DAV:}${local}`, children } : { name: `{DAV:}${local}` };

/**
 * The RFC 4918 §14.1 `DAV:activelock` element of one lock.
 *
 * @example
 * activeLock(lock, locks, (path, collection) => `/dav${path}`);
 */
export function activeLock(
  lock: Lock,
  locks: LockManager,
  href: (path: string, isCollection: boolean) => string,
): XmlElement {
  const remaining = locks.remaining(lock);
  const children: XmlElement[] = [
    dav('lockscope', [dav(lock.scope)]),
    dav('locktype', [dav('write')]),
    dav('depth', [lock.depth]),
  ];
  if (lock.owner !== undefined) {
    children.push(dav('owner', Array.isArray(lock.owner) ? lock.owner : [lock.owner]));
  }
  children.push(
    dav('timeout', [remaining === Infinity ? 'Infinite' : `Second-${remaining}`]),
    dav('locktoken', [dav('href', [lock.token])]),
    dav('lockroot', [dav('href', [href(lock.root, lock.collection)])]),
  );
  return dav('activelock', children);
}

/**
 * The RFC 4918 §15.7 `DAV:supportedlock` value: exclusive and shared write locks.
 *
 * @example
 * props['{DAV:}supportedlock'] = supportedLock();
 */
export function supportedLock(): XmlElement[] {
  return SUPPORTED_LOCK;
}

// The same for every resource: built once, and frozen all the way down, which lets the serialiser render it
// once per document instead of once per resource (it is a third of an allprop listing's bytes).
const SUPPORTED_LOCK: XmlElement[] = deepFreeze(
  ['exclusive', 'shared'].map((scope) =>
    dav('lockentry', [dav('lockscope', [dav(scope)]), dav('locktype', [dav('write')])]),
  ),
);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
