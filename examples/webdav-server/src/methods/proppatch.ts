import { type PropValue, parseProppatch } from '@multistatus/core';
import { assertUnlocked, evaluateIf } from '../internal/check-conditions';
import type { DavContext } from '../internal/dav-context';
import { DavError } from '../internal/dav-error';
import { isLiveProp } from '../internal/live-props';
import { readBody } from '../internal/read-body';

/**
 * PROPPATCH (RFC 4918 §9.2): sets and removes dead properties atomically. If any instruction fails, none
 * is applied: the failing properties get their own status and all the others 424 Failed Dependency.
 *
 * @example
 * await handleProppatch(ctx);
 */
export async function handleProppatch(ctx: DavContext): Promise<void> {
  const info = await ctx.store.stat(ctx.path);
  if (!info) throw new DavError(404, 'Not Found');
  const tokens = await evaluateIf(ctx);
  assertUnlocked(ctx, ctx.path, tokens);
  const ops = await parseProppatch(await readBody(ctx.req, ctx.maxXmlBodySize), { maxBytes: ctx.maxXmlBodySize });
  if (ops.length === 0) throw new DavError(400, 'PROPPATCH without any set or remove instruction');

  const forbidden = new Set(ops.filter((op) => isLiveProp(op.name)).map((op) => op.name));
  const href = ctx.href(ctx.path, info.type === 'collection');
  if (forbidden.size > 0) {
    const failed: Record<string, PropValue> = {};
    const dependent: Record<string, PropValue> = {};
    for (const op of ops) (forbidden.has(op.name) ? failed : dependent)[op.name] = null;
    const propstat = [
      { status: 403, props: failed, error: { name: '{DAV:}cannot-modify-protected-property' } },
      ...(Object.keys(dependent).length > 0 ? [{ status: 424, props: dependent }] : []),
    ];
    await ctx.res.multiStatus([{ href, propstat }]);
    return;
  }
  await ctx.store.patchDeadProps(ctx.path, ops);
  const done: Record<string, PropValue> = {};
  for (const op of ops) done[op.name] = null;
  await ctx.res.multiStatus([{ href, propstat: [{ status: 200, props: done }] }]);
}
