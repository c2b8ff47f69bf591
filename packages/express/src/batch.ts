import {
  type BatchOptions,
  batchProblem,
  PROBLEM_CONTENT_TYPE,
  type RequestListener,
  readBatchBody,
  resolveBatchOptions,
  runBatch,
} from '@multistatus/core';
import type { Application, NextFunction, Request, RequestHandler, Response } from 'express';
import { sendMultiStatus } from './send-multi-status';

/**
 * Options of {@link batch}: the limits and header policy of core's batch engine (docs/batch.md).
 *
 * @example
 * app.post('/batch', batch({ maxRequests: 50, credentials: ['authorization'] } satisfies BatchMiddlewareOptions));
 */
export type BatchMiddlewareOptions = BatchOptions;

// Sub-requests go through the outermost app, so item urls are the paths clients use (a batch route inside a
// mounted sub-app still dispatches `/api/users` through the whole stack).
function outermostApp(app: Application): Application {
  let top = app as Application & { parent?: Application };
  while (top.parent) top = top.parent as Application & { parent?: Application };
  return top;
}

function closeSignal(res: Response): AbortSignal {
  const controller = new AbortController();
  // The client went away before the 207: stop the batch instead of running work nobody will read.
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * A batch endpoint: takes the JSON batch of Microsoft Graph and OData 4.01
 * (`{ requests: [{ id, method, url, headers?, body?, dependsOn? }] }`), runs every request through this app
 * in-process (its full middleware stack, each with its own `req` and `res`), and answers a 207 with one
 * entry per request in request order (JSON, or XML when `Accept` asks for it). A malformed batch gets an
 * RFC 9457 problem (400, 413 or 415). Works with or without `express.json()` in front.
 *
 * @example
 * app.post('/batch', batch({ maxRequests: 20, concurrency: 5 }));
 */
export function batch(options: BatchMiddlewareOptions = {}): RequestHandler {
  const { maxBytes } = resolveBatchOptions(options);
  return function batch(req: Request, res: Response, next: NextFunction): void {
    const run = async (): Promise<void> => {
      const body = await readBatchBody(req, { maxBytes, parsed: req.body });
      const entries = await runBatch(outermostApp(req.app) as unknown as RequestListener, body, {
        ...options,
        context: {
          request: req,
          ...(req.ip !== undefined && { remoteAddress: req.ip }),
          encrypted: req.secure,
          path: (req.originalUrl ?? req.url).split('?', 1)[0]!,
          signal: closeSignal(res),
        },
      });
      // JSON first: a batch is sent as JSON and most clients want JSON back; XML when Accept prefers it.
      await sendMultiStatus(res, entries, { formats: ['json', 'xml'] });
    };
    run().catch((err: unknown) => {
      const problem = batchProblem(err);
      if (problem && !res.headersSent) {
        res.status(problem.status).set('Content-Type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
      } else next(err);
    });
  };
}
