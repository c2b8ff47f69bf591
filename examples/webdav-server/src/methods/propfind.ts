import { type Entry, type PropfindRequest, type PropStat, type PropValue, parsePropfind } from '@multistatus/core';
import type { DavContext } from '../internal/dav-context';
import { DavError } from '../internal/dav-error';
import { LIVE_PROPS, liveProp } from '../internal/live-props';
import { readBody } from '../internal/read-body';
import { joinPath } from '../internal/resource-path';
import type { DeadProps, ResourceInfo } from '../store';

/**
 * PROPFIND (RFC 4918 §9.1): Depth 0, 1 or infinity (the last only when enabled), answered as a streamed
 * 207 so a collection of any size costs constant memory.
 *
 * @example
 * await handlePropfind(ctx);
 */
export async function handlePropfind(ctx: DavContext): Promise<void> {
  const rawDepth = ctx.header('depth')?.toLowerCase();
  // RFC 4918 §10.2: no Depth header means infinity.
  const depth = rawDepth ?? 'infinity';
  if (depth !== '0' && depth !== '1' && depth !== 'infinity') throw new DavError(400, `Invalid Depth: ${rawDepth}`);
  const request = await parsePropfind(await readBody(ctx.req, ctx.maxXmlBodySize), { maxBytes: ctx.maxXmlBodySize });
  const info = await ctx.store.stat(ctx.path);
  if (!info) throw new DavError(404, 'Not Found');
  if (depth === 'infinity' && info.type === 'collection' && !ctx.allowInfiniteDepth) {
    // RFC 4918 §9.1.1: a server may refuse Depth: infinity with this precondition.
    throw new DavError(403, 'PROPFIND with Depth: infinity is not allowed', { name: '{DAV:}propfind-finite-depth' });
  }
  await ctx.res.multiStatus(listEntries(ctx, request, info, depth));
}

async function* listEntries(
  ctx: DavContext,
  request: PropfindRequest,
  info: ResourceInfo,
  depth: '0' | '1' | 'infinity',
): AsyncGenerator<Entry> {
  yield describe(ctx, request, ctx.path, info, await ctx.store.deadProps(ctx.path));
  if (info.type !== 'collection' || depth === '0') return;
  yield* listMembers(ctx, request, ctx.path, depth === 'infinity');
}

async function* listMembers(
  ctx: DavContext,
  request: PropfindRequest,
  path: string,
  recurse: boolean,
): AsyncGenerator<Entry> {
  for await (const member of ctx.store.members(path)) {
    const memberPath = joinPath(path, member.name);
    const props = member.props ?? (await ctx.store.deadProps(memberPath));
    yield describe(ctx, request, memberPath, member.info, props);
    if (recurse && member.info.type === 'collection') yield* listMembers(ctx, request, memberPath, true);
  }
}

function describe(ctx: DavContext, request: PropfindRequest, path: string, info: ResourceInfo, dead: DeadProps): Entry {
  const href = ctx.href(path, info.type === 'collection');
  const found: Record<string, PropValue> = {};
  const missing: Record<string, PropValue> = {};
  if (request.type === 'propname') {
    for (const name of LIVE_PROPS) if (liveProp(ctx, path, info, name) !== undefined) found[name] = null;
    for (const name of Object.keys(dead)) found[name] = null;
    return { href, propstat: [{ status: 200, props: found }] };
  }
  // RFC 4918 §9.1: allprop is every dead property and the live properties this document defines.
  const names = request.type === 'prop' ? request.props : [...LIVE_PROPS, ...Object.keys(dead), ...request.include];
  for (const name of names) {
    if (name in found) continue;
    // Not `??`: a live property can be null (an empty element, as resourcetype of a file).
    const live = liveProp(ctx, path, info, name);
    const value = live !== undefined ? live : Object.hasOwn(dead, name) ? dead[name] : undefined;
    if (value !== undefined) found[name] = value;
    else if (request.type === 'prop' || request.include.includes(name)) missing[name] = null;
  }
  const propstat: PropStat[] = [];
  if (Object.keys(found).length > 0) propstat.push({ status: 200, props: found });
  if (Object.keys(missing).length > 0) propstat.push({ status: 404, props: missing });
  if (propstat.length === 0) propstat.push({ status: 200, props: {} });
  return { href, propstat };
}
