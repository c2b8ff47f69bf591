import {
  type BatchOptions,
  batchProblem,
  PROBLEM_CONTENT_TYPE,
  type RequestListener,
  readBatchBody,
  resolveBatchOptions,
  runBatch,
} from '@multistatus/core';
import type Koa from 'koa';
import type { ExtendableContext, Next } from 'koa';
import { sendMultiStatus } from './send-multi-status';

/**
 * Options of {@link batch}: core's batch limits and header policy (docs/batch.md), plus `path` for use
 * without a router.
 *
 * @example
 * app.use(batch({ path: '/batch', maxRequests: 50 }));
 */
export interface BatchMiddlewareOptions extends BatchOptions {
  /**
   * Answer only `POST` requests to this exact path and pass every other request on (use without a router).
   * Default: answer every request that reaches the middleware (use as a router handler).
   */
  path?: string;
}

// app.callback() composes the middleware once; cached per app so each batch does not compose it again.
const listeners = new WeakMap<Koa, RequestListener>();

function listenerFor(app: Koa): RequestListener {
  let listener = listeners.get(app);
  if (!listener) {
    listener = app.callback() as RequestListener;
    listeners.set(app, listener);
  }
  return listener;
}

/**
 * A batch endpoint: takes the JSON batch of Microsoft Graph and OData 4.01
 * (`{ requests: [{ id, method, url, headers?, body?, dependsOn? }] }`), runs every request through this app
 * in-process (its full middleware stack, each with its own `ctx`), and answers a 207 with one entry per
 * request in request order (JSON, or XML when `Accept` asks for it). A malformed batch gets an RFC 9457
 * problem (400, 413 or 415). Works with or without a body parser in front.
 *
 * @example
 * router.post('/batch', batch());            // with @koa/router
 * app.use(batch({ path: '/batch' }));        // without a router
 */
export function batch(options: BatchMiddlewareOptions = {}): (ctx: ExtendableContext, next: Next) => Promise<void> {
  const { path, ...batchOptions } = options;
  const { maxBytes } = resolveBatchOptions(batchOptions);
  return async function batch(ctx: ExtendableContext, next: Next): Promise<void> {
    if (path !== undefined && (ctx.method !== 'POST' || ctx.path !== path)) {
      await next();
      return;
    }
    const controller = new AbortController();
    // The client went away before the 207: stop the batch instead of running work nobody will read.
    const onClose = (): void => {
      if (!ctx.res.writableFinished) controller.abort();
    };
    ctx.res.once('close', onClose);
    try {
      const parsed = (ctx.request as { body?: unknown }).body;
      const body = await readBatchBody(ctx.req, { maxBytes, parsed });
      const entries = await runBatch(listenerFor(ctx.app), body, {
        ...batchOptions,
        context: {
          request: ctx.req,
          remoteAddress: ctx.ip,
          encrypted: ctx.secure,
          path: ctx.originalUrl.split('?', 1)[0]!,
          signal: controller.signal,
        },
      });
      // JSON first: a batch is sent as JSON and most clients want JSON back; XML when Accept prefers it.
      await sendMultiStatus(ctx, entries, { formats: ['json', 'xml'] });
    } catch (err) {
      const problem = batchProblem(err);
      if (!problem) throw err;
      ctx.status = problem.status;
      ctx.body = JSON.stringify(problem);
      ctx.type = PROBLEM_CONTENT_TYPE;
    } finally {
      ctx.res.off('close', onClose);
    }
  };
}
