import type { MultiStatusOptions as CoreOptions, MultiStatusEntries } from '@multistatus/core';
import { excludeLocation, prepareMultiStatus } from '@multistatus/core';
import type { ExtendableContext } from 'koa';

/**
 * Every option of core's writers: `format`, `formats`, `namespaces`, `invalidChars`, `description`,
 * `minimal`, `commit` and `signal` (see docs/koa.md).
 */
export type MultiStatusOptions = CoreOptions;

/**
 * What a 207 can be made of: an array, an iterable, an async iterable of entries, a core collector, or a
 * producer function that is handed an `AbortSignal`.
 */
export type MultiStatusSource = MultiStatusEntries;

/**
 * Makes `ctx`'s response a `207 Multi-Status` without the middleware: status, headers and body are set and
 * Koa sends them (a stream with backpressure when the entries are still being produced).
 *
 * @example
 * router.get('/report', async (ctx) => {
 *   await sendMultiStatus(ctx, [{ href: '/a', status: 200 }]);
 * });
 */
export async function sendMultiStatus(
  ctx: ExtendableContext,
  entries: MultiStatusSource,
  options: MultiStatusOptions = {},
): Promise<void> {
  // Rejects before anything is set when an entry is invalid or the producer fails before the commit point,
  // so Koa's error handling answers as if the 207 had never been tried.
  const prepared = await prepareMultiStatus(entries, { ...options, headers: ctx.req.headers });
  ctx.status = prepared.status;
  for (const [name, value] of Object.entries(prepared.headers)) if (value !== undefined) ctx.set(name, value);
  for (const field of prepared.vary) ctx.vary(field);
  // RFC 4918 §13.1: no Location on a 207, neither now nor from middleware that sets it later.
  excludeLocation(ctx.res);
  const { body } = prepared;
  ctx.body = body;
  if (typeof body !== 'string') {
    // A failure after the commit point must not end the response cleanly: Koa 3 pipes with
    // stream.pipeline, which destroys the response; Koa 2's pipe() would leave it open.
    body.once('error', () => {
      ctx.res.destroy();
    });
  }
}
