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
  const href = ctx.href(ctx.path, info.type === 'collection');
  yield describe(ctx, request, ctx.path, href, info, await ctx.store.deadProps(ctx.path));
  if (info.type !== 'collection' || depth === '0') return;
  yield* listMembers(ctx, request, ctx.path, depth === 'infinity');
}

async function* listMembers(
  ctx: DavContext,
  request: PropfindRequest,
  path: string,
  recurse: boolean,
): AsyncGenerator<Entry> {
  // Members' hrefs extend their collection's: encode the collection's path once, not once per member.
  const base = ctx.href(path, true);
  for await (const member of ctx.store.members(path)) {
    const memberPath = joinPath(path, member.name);
    const collection = member.info.type === 'collection';
    const href = `${base}${encodeURIComponent(member.name)}${collection ? '/' : ''}`;
    const props = member.props ?? (await ctx.store.deadProps(memberPath));
    yield describe(ctx, request, memberPath, href, member.info, props);
    if (recurse && member.info.type === 'collection') yield* listMembers(ctx, request, memberPath, true);
  }
}

function describe(
  ctx: DavContext,
  request: PropfindRequest,
  path: string,
  href: string,
  info: ResourceInfo,
  dead: DeadProps,
): Entry {
  const found: Record<string, PropValue> = {};
  if (request.type === 'propname') {
    for (const name of LIVE_PROPS) if (liveProp(ctx, path, info, name) !== undefined) found[name] = null;
    for (const name of Object.keys(dead)) found[name] = null;
    return { href, propstat: [{ status: 200, props: found }] };
  }
  let anyFound = false;
  let missing: Record<string, PropValue> | undefined;
  const add = (name: string, reportMissing: boolean) => {
    if (name in found) return;
    // Not `??`: a live property can be null (an empty element, as resourcetype of a file).
    const live = liveProp(ctx, path, info, name);
    const value = live !== undefined ? live : Object.hasOwn(dead, name) ? dead[name] : undefined;
    if (value !== undefined) {
      found[name] = value;
      anyFound = true;
    } else if (reportMissing) {
      missing ??= {};
      missing[name] = null;
    }
  };
  if (request.type === 'prop') {
    for (const name of request.props) add(name, true);
  } else {
    // RFC 4918 §9.1: allprop is every dead property and the live properties this document defines, plus any
    // named in <D:include>. Built without intermediate arrays: this runs once per resource of a listing.
    for (const name of LIVE_PROPS) add(name, false);
    for (const name in dead) add(name, false);
    for (const name of request.include) add(name, true);
  }
  const propstat: PropStat[] = [];
  if (anyFound) propstat.push({ status: 200, props: found });
  if (missing) propstat.push({ status: 404, props: missing });
  if (propstat.length === 0) propstat.push({ status: 200, props: {} });
  return { href, propstat };
}
