import type { IncomingMessage } from 'node:http';
import { ErrorCodes } from '../errors';
import { createDispatcher, type Dispatcher, type RequestListener } from './dispatch-request';
import { invalidBatch } from './internal/batch-error';
import { isSubRequest } from './internal/sub-request';
import { type BatchItem, parseBatchRequest } from './parse-batch-request';
import { planBatch } from './plan-batch';
import { type BatchOptions, type ResolvedBatchOptions, resolveBatchOptions } from './resolve-batch-options';
import { type BatchEntry, toBatchEntry } from './to-batch-entry';

/**
 * The outer request a batch came in on, as an adapter sees it.
 *
 * @example
 * const context: BatchContext = { request: req, remoteAddress: req.ip, encrypted: req.secure, path: '/batch' };
 */
export interface BatchContext {
  /** The outer request: its headers are forwarded by the allowlist, and a sub-request is refused (no nesting). */
  request: IncomingMessage;
  /** The client address sub-requests report (Express `req.ip`, Koa `ctx.ip`). */
  remoteAddress?: string;
  /** Whether the outer request came over TLS (Express `req.secure`, Koa `ctx.secure`). */
  encrypted?: boolean;
  /** The batch endpoint's own path, refused as an item url. */
  path?: string;
  /** Aborts the batch (e.g. the client went away): running items are abandoned, waiting ones never start. */
  signal?: AbortSignal;
}

/**
 * {@link BatchOptions} plus the outer request.
 *
 * @example
 * await runBatch(app, body, { concurrency: 2, context: { request: req, path: '/batch' } });
 */
export interface RunBatchOptions extends BatchOptions {
  context?: BatchContext;
}

// A path as routers compare it: without the query, case-folded, decoded, without trailing slashes.
function normalPath(p: string): string {
  let s = p.split('?', 1)[0]!.toLowerCase();
  try {
    s = decodeURIComponent(s);
  } catch {
    // Leave a malformed escape as it is; it cannot match a decoded route either.
  }
  return s.replace(/\/+$/, '');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

// The outer request's fields every item gets (the allowlist, the credentials, Host), read once per batch.
function outerHeaders(options: ResolvedBatchOptions, outer: IncomingMessage | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (outer) {
    for (const name of [...options.forwardHeaders, ...options.credentials]) {
      const value = headerValue(outer.headers[name]);
      if (value !== undefined) headers[name] = value;
    }
    if (outer.headers.host) headers.host = outer.headers.host;
  }
  return headers;
}

function itemHeaders(item: BatchItem, outer: Record<string, string>): Record<string, string> {
  // Items are decoded into the 207's body; a compressed item would be compressed twice (or not decoded).
  return { ...outer, ...item.headers, 'accept-encoding': 'identity' };
}

/**
 * Runs a JSON batch (`{ requests: [{ id, method, url, headers?, body?, dependsOn? }] }`, as Microsoft Graph
 * and OData 4.01) through `listener` in-process and resolves with one entry per request, in request order.
 * Every sub-request goes through the app's full middleware stack with its own `req` and `res`, over an
 * in-memory connection: nothing can leave the process. A malformed batch rejects with a
 * {@link MultiStatusError} whose `status` is 400 (or 413 over a limit) before any item runs.
 *
 * @example
 * const entries = await runBatch(app, { requests: [{ id: '1', method: 'GET', url: '/users/1' }] });
 * // [{ href: '/users/1', id: '1', status: 200, body: { ... }, headers: { 'content-type': '...' } }]
 */
export async function runBatch(
  listener: RequestListener,
  body: unknown,
  options: RunBatchOptions = {},
): Promise<BatchEntry[]> {
  const resolved = resolveBatchOptions(options);
  const context = options.context;
  if (context && isSubRequest(context.request)) {
    throw invalidBatch('A batch cannot be sent inside a batch.', ErrorCodes.BATCH_NESTED);
  }
  const items = parseBatchRequest(body, resolved);
  if (context?.path !== undefined) {
    const batchPath = normalPath(context.path);
    const nested = items.find((item) => normalPath(item.url) === batchPath);
    if (nested) {
      throw invalidBatch(
        `requests[${nested.index}].url ${JSON.stringify(nested.url)} is this batch endpoint; a batch cannot be sent inside a batch.`,
        ErrorCodes.BATCH_NESTED,
      );
    }
  }
  const plan = planBatch(items);
  const dispatcher = createDispatcher(listener, {
    timeout: resolved.itemTimeout,
    maxResponseBytes: resolved.maxItemResponseBytes,
    maxConnections: resolved.concurrency,
    ...(context?.remoteAddress !== undefined && { remoteAddress: context.remoteAddress }),
    ...(context?.encrypted !== undefined && { encrypted: context.encrypted }),
  });
  try {
    return await execute(items, plan, dispatcher, resolved, context);
  } finally {
    dispatcher.close();
  }
}

function execute(
  items: BatchItem[],
  plan: number[][],
  dispatcher: Dispatcher,
  options: ResolvedBatchOptions,
  context: BatchContext | undefined,
): Promise<BatchEntry[]> {
  const results: Array<BatchEntry | undefined> = new Array(items.length);
  const started: boolean[] = new Array(items.length).fill(false);
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    dispatcher.abort();
  };
  const timer = setTimeout(stop, options.deadline);
  const forwarded = outerHeaders(options, context?.request);
  const onOuterAbort = (): void => stop();
  context?.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (context?.signal?.aborted) stopped = true;
  let running = 0;
  let settled = 0;
  // Items before this one have all started: the scan for the next runnable item begins here.
  let first = 0;

  return new Promise((resolve) => {
    const settle = (index: number, entry: BatchEntry): void => {
      results[index] = entry;
      settled++;
    };
    const pump = (): void => {
      while (first < items.length && started[first]) first++;
      for (let i = first; i < items.length && running < options.concurrency; i++) {
        if (started[i]) continue;
        const deps = plan[i]!;
        if (deps.some((d) => results[d] === undefined)) continue;
        const item = items[i]!;
        started[i] = true;
        const base = { href: item.url, id: item.id };
        if (stopped) {
          settle(i, {
            ...base,
            status: 504,
            description: `The batch deadline of ${options.deadline} ms passed before the request ran.`,
          });
          continue;
        }
        const failed = deps.find((d) => results[d]!.status >= 400);
        if (failed !== undefined) {
          // Microsoft Graph and OData 4.01: a request whose dependency failed is not run and answers 424.
          settle(i, {
            ...base,
            status: 424,
            description: `Not run: it depends on request ${JSON.stringify(items[failed]!.id)}, which failed (${results[failed]!.status}).`,
          });
          continue;
        }
        running++;
        dispatcher
          .dispatch({
            method: item.method,
            path: item.url,
            headers: itemHeaders(item, forwarded),
            ...(item.body && { body: item.body }),
          })
          .then((outcome) => {
            let entry: BatchEntry;
            try {
              entry = toBatchEntry(item, outcome, options);
            } catch {
              entry = { ...base, status: 502, description: 'The request ended without a complete response.' };
            }
            running--;
            settle(i, entry);
            pump();
          });
      }
      if (settled === items.length) {
        clearTimeout(timer);
        context?.signal?.removeEventListener('abort', onOuterAbort);
        resolve(results as BatchEntry[]);
      }
    };
    pump();
  });
}
