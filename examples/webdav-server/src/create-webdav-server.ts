import { multiStatus } from '@multistatus/express';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createContext, type DavContext, type DavSettings } from './internal/dav-context';
import { DavError } from './internal/dav-error';
import { renderXml } from './internal/render-xml';
import { LockManager } from './lock-manager';
import { createMemoryStore } from './memory-store';
import { handleCopyMove } from './methods/copy-move';
import { handleDelete } from './methods/delete';
import { handleGet } from './methods/get';
import { handleLock, handleUnlock } from './methods/lock';
import { handleMkcol } from './methods/mkcol';
import { ALLOWED_METHODS, handleOptions } from './methods/options';
import { handlePropfind } from './methods/propfind';
import { handleProppatch } from './methods/proppatch';
import { handlePut } from './methods/put';
import type { WebdavStore } from './store';

/**
 * Options for {@link createWebdavServer}.
 *
 * @example
 * createWebdavServer({ store: createFsStore({ root: '/srv/dav' }), allowInfiniteDepth: true });
 */
export interface WebdavServerOptions {
  /** Where resources live. Default: a new, empty {@link createMemoryStore}. */
  store?: WebdavStore;
  /** The lock table. Default: a new {@link LockManager}. */
  locks?: LockManager;
  /** Answer PROPFIND with `Depth: infinity` instead of 403 `propfind-finite-depth`. Default false. */
  allowInfiniteDepth?: boolean;
  /** Lock timeout when the client asks for none, in seconds. Default 3600. */
  defaultLockTimeout?: number;
  /** Longest lock timeout granted (also for `Infinite`), in seconds. Default 86400. */
  maxLockTimeout?: number;
  /** Largest XML request body (PROPFIND, PROPPATCH, LOCK), in bytes. Default 1 MiB. */
  maxXmlBodySize?: number;
}

type Handler = (ctx: DavContext) => Promise<void>;

const handlers: Record<string, Handler> = {
  OPTIONS: handleOptions,
  GET: handleGet,
  HEAD: handleGet,
  PUT: handlePut,
  DELETE: handleDelete,
  MKCOL: handleMkcol,
  COPY: (ctx) => handleCopyMove(ctx, 'COPY'),
  MOVE: (ctx) => handleCopyMove(ctx, 'MOVE'),
  PROPFIND: handlePropfind,
  PROPPATCH: handleProppatch,
  LOCK: handleLock,
  UNLOCK: handleUnlock,
};

function sendError(res: Response, err: unknown): void {
  if (res.headersSent) {
    // A streamed 207 that fails midway must not look complete (the kit aborts it); just make sure.
    res.destroy(err instanceof Error ? err : undefined);
    return;
  }
  // The client went away mid-request (its connection reset while the body was read): nobody is left to
  // answer, and it is no fault of the server's, so nothing is logged either.
  if (res.destroyed || res.socket?.destroyed || (err as { code?: unknown }).code === 'ECONNRESET') {
    res.destroy();
    return;
  }
  const status = (err as { status?: unknown }).status;
  const code = typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
  res.status(code);
  if (err instanceof DavError && err.condition) {
    // RFC 4918 §16: preconditions travel as a DAV:error body.
    res.type('application/xml; charset=utf-8').send(renderXml({ name: '{DAV:}error', children: [err.condition] }));
    return;
  }
  // A DavError is a deliberate answer (a 502 for a Destination on another server, RFC 4918 §9.8.5): its
  // message is ours and goes to the client. Anything else that is a 5xx is a fault: logged, never sent.
  const deliberate = err instanceof DavError || code < 500;
  if (!deliberate) console.error(err);
  res
    .type('text/plain; charset=utf-8')
    .send(deliberate && err instanceof Error ? `${err.message}\n` : 'Internal Server Error\n');
}

/**
 * Creates a WebDAV class 1 and 2 server as an Express app, to serve alone or mount at any path.
 *
 * @example
 * const app = express();
 * app.use('/dav', createWebdavServer({ store: createMemoryStore() }));
 */
export function createWebdavServer(options: WebdavServerOptions = {}): Express {
  const settings: DavSettings = {
    store: options.store ?? createMemoryStore(),
    locks: options.locks ?? new LockManager(),
    allowInfiniteDepth: options.allowInfiniteDepth ?? false,
    defaultLockTimeout: options.defaultLockTimeout ?? 3600,
    maxLockTimeout: options.maxLockTimeout ?? 86400,
    maxXmlBodySize: options.maxXmlBodySize ?? 1024 * 1024,
  };
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use(multiStatus());
  app.use(function webdav(req: Request, res: Response, next: NextFunction) {
    const handler = handlers[req.method];
    if (!handler) {
      res.setHeader('Allow', ALLOWED_METHODS.join(', '));
      res.status(405).type('text/plain').send(`${req.method} is not supported here\n`);
      return;
    }
    const run = async () => {
      // A fragment is not part of a request target (RFC 9110 §7.1); acting on the URI without it would be unsafe.
      if (req.originalUrl.includes('#')) throw new DavError(400, 'The request URI must not contain a fragment');
      await handler(createContext(req, res, settings));
    };
    run().catch((err: unknown) => {
      try {
        sendError(res, err);
      } catch (failure) {
        next(failure);
      }
    });
  });
  return app;
}

/**
 * The example's app, under the name every example in this repository exports: a WebDAV server, by default
 * on an empty in-memory store.
 *
 * @example
 * createApp().listen(8123, '127.0.0.1');
 */
export function createApp(options: WebdavServerOptions = {}): Express {
  return createWebdavServer(options);
}
