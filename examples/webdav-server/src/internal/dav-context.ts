import type { Request, Response } from 'express';
import type { LockManager } from '../lock-manager';
import type { WebdavStore } from '../store';
import { DavError } from './dav-error';
import { toHref, toResourcePath } from './resource-path';

/**
 * Settings every method handler reads, resolved from the server's options.
 *
 * @example
 * const settings: DavSettings = { store, locks, allowInfiniteDepth: false, maxLockTimeout: 86400, defaultLockTimeout: 3600, maxXmlBodySize: 1 << 20 };
 */
export interface DavSettings {
  store: WebdavStore;
  locks: LockManager;
  allowInfiniteDepth: boolean;
  maxLockTimeout: number;
  defaultLockTimeout: number;
  maxXmlBodySize: number;
}

/**
 * One request as the method handlers see it: the store path it names, and how to turn store paths
 * back into hrefs under the mount point.
 *
 * @example
 * const info = await ctx.store.stat(ctx.path);
 * const href = ctx.href(ctx.path, info?.type === 'collection');
 */
export interface DavContext extends DavSettings {
  req: Request;
  res: Response;
  /** The request URI as a store path. */
  path: string;
  /** The href of a store path. */
  href(path: string, isCollection: boolean): string;
  /** A request header as one string (repeated headers joined with commas), or `undefined`. */
  header(name: string): string | undefined;
  /** The store path of a URL (absolute or path-absolute), or `undefined` when it is not on this server (400 when it is not a URL). */
  pathOf(url: string): string | undefined;
}

/**
 * Builds the context of one request.
 *
 * @example
 * const ctx = createContext(req, res, settings);
 */
export function createContext(req: Request, res: Response, settings: DavSettings): DavContext {
  const base = req.baseUrl;
  const host = req.headers.host;
  return {
    ...settings,
    req,
    res,
    path: toResourcePath(req.path),
    href: (path, isCollection) => toHref(base, path, isCollection),
    header(name) {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : value;
    },
    pathOf(url) {
      let parsed: URL;
      try {
        parsed = new URL(url, `http://${host ?? 'localhost'}`);
      } catch {
        throw new DavError(400, `Not a valid URL: ${url}`);
      }
      // RFC 4918 §10.3: a Destination on another authority is not ours to write to.
      if (host && parsed.host !== host) return undefined;
      const raw = parsed.pathname;
      if (base && raw !== base && !raw.startsWith(`${base}/`)) return undefined;
      return toResourcePath(raw.slice(base.length));
    },
  };
}
