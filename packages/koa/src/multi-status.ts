import { mergeMultiStatusOptions } from '@multistatus/core';
import type { ExtendableContext, Next } from 'koa';
import type { MultiStatusOptions, MultiStatusSource } from './send-multi-status';
import { sendMultiStatus } from './send-multi-status';

declare module 'koa' {
  // Every context type (ParameterizedContext, Context, @koa/router's RouterContext) includes
  // ExtendableContext; DefaultContext would not do, as its index signature types everything `any`.
  interface ExtendableContext {
    /**
     * Makes this response a `207 Multi-Status` made of `entries`; resolves once status, headers and body are
     * set (Koa sends them after the middleware returns) and rejects, with nothing set, on an invalid entry.
     *
     * @example
     * router.post('/users/bulk', async (ctx) => {
     *   await ctx.multiStatus([{ href: '/users/1', status: 201 }]);
     * });
     */
    multiStatus(entries: MultiStatusSource, options?: MultiStatusOptions): Promise<void>;
  }
  interface Response {
    /**
     * The same as `ctx.multiStatus()`.
     *
     * @example
     * await ctx.response.multiStatus([{ href: '/a', status: 200 }]);
     */
    multiStatus(entries: MultiStatusSource, options?: MultiStatusOptions): Promise<void>;
  }
}

/**
 * Creates the middleware that adds `ctx.multiStatus(entries, options?)` and `ctx.response.multiStatus()`,
 * with `options` as the app-level defaults that each call may override.
 *
 * @example
 * app.use(multiStatus({ namespaces: { E: 'http://example.com/ns/' } }));
 * app.use(async (ctx) => {
 *   await ctx.multiStatus([{ href: '/a', status: 200 }, { href: '/b', status: 404 }]);
 * });
 */
export function multiStatus(options: MultiStatusOptions = {}): (ctx: ExtendableContext, next: Next) => Promise<void> {
  const defaults = mergeMultiStatusOptions(options, undefined);
  return function multiStatusMiddleware(ctx, next) {
    // Own properties of this request's context: Koa's prototypes stay untouched.
    const send = (entries: MultiStatusSource, callOptions?: MultiStatusOptions): Promise<void> =>
      sendMultiStatus(ctx, entries, mergeMultiStatusOptions(defaults, callOptions));
    ctx.multiStatus = send;
    ctx.response.multiStatus = send;
    return next();
  };
}
