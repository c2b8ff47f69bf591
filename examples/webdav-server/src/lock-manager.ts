import { randomUUID } from 'node:crypto';
import type { XmlValue } from '@multistatus/core';
import { isWithin, parentPath } from './internal/resource-path';

/**
 * One write lock (RFC 4918 §6, §7): its token, the resource it was taken on, and how far it reaches.
 *
 * @example
 * const lock: Lock = locks.create({ root: '/a', collection: true, scope: 'exclusive', depth: 'infinity', timeout: 3600 });
 */
export interface Lock {
  /** The lock token, a `urn:uuid:` URI (RFC 4918 §6.5). */
  token: string;
  /** The store path the lock was taken on (its `DAV:lockroot`). */
  root: string;
  /** Whether the root was a collection when locked (for its href's trailing slash). */
  collection: boolean;
  scope: 'exclusive' | 'shared';
  depth: '0' | 'infinity';
  /** The client's `DAV:owner` content, echoed back as given. */
  owner: XmlValue | undefined;
  /** Seconds granted, or `Infinity` for `Infinite`. */
  timeout: number;
  /** When the lock expires (ms since the epoch), or `Infinity`. */
  expiresAt: number;
}

/**
 * What {@link LockManager.create} needs to take a lock.
 *
 * @example
 * locks.create({ root: '/a', collection: false, scope: 'shared', depth: '0', timeout: 60 });
 */
export interface LockRequest {
  root: string;
  collection: boolean;
  scope: Lock['scope'];
  depth: Lock['depth'];
  owner?: XmlValue;
  timeout: number;
}

/**
 * Keeps the active locks in memory, indexed by token and by root path, and forgets them when they time out.
 *
 * @example
 * const locks = new LockManager();
 * const lock = locks.create({ root: '/a', collection: false, scope: 'exclusive', depth: '0', timeout: 60 });
 * locks.affecting('/a'); // [lock]
 */
export class LockManager {
  readonly #byToken = new Map<string, Lock>();
  readonly #byRoot = new Map<string, Set<Lock>>();
  readonly #now: () => number;

  constructor(options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** Takes a new lock; the caller has checked for conflicts. */
  create(request: LockRequest): Lock {
    const lock: Lock = {
      token: `urn:uuid:${randomUUID()}`,
      root: request.root,
      collection: request.collection,
      scope: request.scope,
      depth: request.depth,
      owner: request.owner,
      timeout: request.timeout,
      expiresAt: this.#now() + request.timeout * 1000,
    };
    this.#byToken.set(lock.token, lock);
    const set = this.#byRoot.get(lock.root);
    if (set) set.add(lock);
    else this.#byRoot.set(lock.root, new Set([lock]));
    return lock;
  }

  /** The live lock with this token, if any. */
  get(token: string): Lock | undefined {
    const lock = this.#byToken.get(token);
    return lock && this.#alive(lock) ? lock : undefined;
  }

  /** Restarts a lock's timeout (RFC 4918 §9.10.2). */
  refresh(lock: Lock, timeout: number): void {
    lock.timeout = timeout;
    lock.expiresAt = this.#now() + timeout * 1000;
  }

  /** Removes a lock. */
  release(lock: Lock): void {
    this.#byToken.delete(lock.token);
    const set = this.#byRoot.get(lock.root);
    set?.delete(lock);
    if (set?.size === 0) this.#byRoot.delete(lock.root);
  }

  /** Seconds a lock has left, for `DAV:timeout`. */
  remaining(lock: Lock): number {
    return lock.expiresAt === Infinity ? Infinity : Math.max(0, Math.ceil((lock.expiresAt - this.#now()) / 1000));
  }

  /**
   * The locks that cover `path`: taken on it, or on an ancestor with depth infinity (RFC 4918 §7.4).
   * A lock on a parent collection also protects its membership, so callers adding or removing a member
   * check `affecting(parent)` as well.
   */
  affecting(path: string): Lock[] {
    const found: Lock[] = [];
    // Most resources of most listings are unlocked: skip the walk up the tree.
    if (this.#byRoot.size === 0) return found;
    for (const lock of this.#byRoot.get(path) ?? []) if (this.#alive(lock)) found.push(lock);
    let current = path;
    while (current !== '/') {
      current = parentPath(current);
      for (const lock of this.#byRoot.get(current) ?? []) {
        if (lock.depth === 'infinity' && this.#alive(lock)) found.push(lock);
      }
    }
    return found;
  }

  /** The locks taken on resources strictly inside `path`. */
  inside(path: string): Lock[] {
    const found: Lock[] = [];
    for (const [root, set] of this.#byRoot) {
      if (root === path || !isWithin(root, path)) continue;
      for (const lock of set) if (this.#alive(lock)) found.push(lock);
    }
    return found;
  }

  /** Drops every lock taken on `path` or inside it (after a DELETE or a MOVE away). */
  releaseWithin(path: string): void {
    for (const [root, set] of [...this.#byRoot]) {
      if (isWithin(root, path)) for (const lock of [...set]) this.release(lock);
    }
  }

  #alive(lock: Lock): boolean {
    if (lock.expiresAt > this.#now()) return true;
    // RFC 4918 §6.6: a timed-out lock is gone, as if UNLOCKed.
    this.release(lock);
    return false;
  }
}
