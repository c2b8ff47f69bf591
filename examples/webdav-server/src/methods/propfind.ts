import { type Entry, type PropfindRequest, type PropStat, type PropValue, parsePropfind } from '@multistatus/core';
import type { DavContext } from '../internal/dav-context';
import { DavError } from '../internal/dav-error';
import { addLiveProps, LIVE_PROPS, liveProp } from '../internal/live-props';
import { readBody } from '../internal/read-body';
import { joinPath } from '../internal/resource-path';
import type { DeadProps, ResourceInfo, StoreMember } from '../store';

const NO_PROPS: DeadProps = Object.freeze({}) as DeadProps;

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
  const self = describe(
    ctx,
    request,
    ctx.path,
    ctx.href(ctx.path, info.type === 'collection'),
    info,
    await ctx.store.deadProps(ctx.path),
  );
  if (info.type !== 'collection' || depth === '0') {
    await ctx.res.multiStatus([self]);
    return;
  }
  if (depth === '1' && ctx.store.openMembers) {
    const members = await ctx.store.openMembers(ctx.path);
    await ctx.res.multiStatus(withTurns(listMembers(ctx, request, self, ctx.path, members), TURN_EVERY));
    return;
  }
  await ctx.res.multiStatus(walk(ctx, request, self, ctx.path, depth === 'infinity'));
}

/** How many entries a listing produces between two turns of the event loop. */
const TURN_EVERY = 256;

/**
 * A synchronous source of entries as an async iterable that gives the event loop a turn (`setImmediate`) every
 * `every` entries, and otherwise answers each pull at once. Without it a big listing holds the loop for as
 * long as it takes (measured: the whole request, as the socket on loopback never pushes back), and every other
 * request waits; with it, the longest wait is one batch.
 */
function withTurns<T>(source: Iterable<T>, every: number): AsyncIterable<T> {
  const iterator = source[Symbol.iterator]();
  let count = 0;
  return {
    [Symbol.asyncIterator]: () => ({
      next(): Promise<IteratorResult<T>> {
        if (++count % every !== 0) return Promise.resolve(iterator.next());
        return new Promise((resolve, reject) =>
          setImmediate(() => {
            try {
              resolve(iterator.next());
            } catch (err) {
              reject(err);
            }
          }),
        );
      },
      async return(): Promise<IteratorResult<T>> {
        return iterator.return?.() ?? { done: true, value: undefined };
      },
    }),
  };
}

/** One member's entry; `base` is its collection's href, encoded once per collection rather than once per member. */
function memberEntry(
  ctx: DavContext,
  request: PropfindRequest,
  path: string,
  base: string,
  member: StoreMember,
  props: DeadProps,
): Entry {
  const collection = member.info.type === 'collection';
  const href = `${base}${encodeURIComponent(member.name)}${collection ? '/' : ''}`;
  return describe(ctx, request, joinPath(path, member.name), href, member.info, props);
}

/**
 * Depth 1 on a store that lists synchronously: a plain generator, so the kit pulls entries without a promise
 * per member, and renders and writes them as they come (with backpressure: nothing is held beyond a chunk).
 */
function* listMembers(
  ctx: DavContext,
  request: PropfindRequest,
  self: Entry,
  path: string,
  members: Iterable<StoreMember>,
): Generator<Entry> {
  yield self;
  const base = ctx.href(path, true);
  // openMembers lists every member with its dead properties (store.ts), so nothing here waits.
  for (const member of members) yield memberEntry(ctx, request, path, base, member, member.props ?? NO_PROPS);
}

/**
 * Depth 1 on any store, or Depth infinity: depth-first, in one generator over a stack of open listings (as
 * tall as the tree is deep), so memory stays constant however many resources the walk lists.
 */
async function* walk(
  ctx: DavContext,
  request: PropfindRequest,
  self: Entry,
  root: string,
  recurse: boolean,
): AsyncGenerator<Entry> {
  yield self;
  const open = async (path: string): Promise<Listing> => ({
    path,
    base: ctx.href(path, true),
    members: ctx.store.openMembers
      ? (await ctx.store.openMembers(path))[Symbol.iterator]()
      : ctx.store.members(path)[Symbol.asyncIterator](),
  });
  const stack: Listing[] = [await open(root)];
  let count = 0;
  try {
    while (stack.length > 0) {
      // A store that answers at once (openMembers) would otherwise hold the event loop for the whole walk.
      if (++count % TURN_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      const top = stack[stack.length - 1] as Listing;
      const next = await top.members.next();
      if (next.done) {
        stack.pop();
        continue;
      }
      const member = next.value;
      // Both stores list dead properties with each member; a store that leaves them out is asked per member.
      const props = member.props ?? (await ctx.store.deadProps(joinPath(top.path, member.name)));
      yield memberEntry(ctx, request, top.path, top.base, member, props);
      if (recurse && member.info.type === 'collection') stack.push(await open(joinPath(top.path, member.name)));
    }
  } finally {
    // A walk stopped early (the client went away) closes every listing still open.
    for (const listing of stack) await listing.members.return?.();
  }
}

interface Listing {
  path: string;
  base: string;
  members: Iterator<StoreMember> | AsyncIterator<StoreMember>;
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
  let missing: Record<string, PropValue> | undefined;
  if (request.type === 'prop') {
    for (const name of request.props) {
      if (name in found) continue;
      // Not `??`: a live property can be null (an empty element, as resourcetype of a file).
      const live = liveProp(ctx, path, info, name);
      const value = live !== undefined ? live : Object.hasOwn(dead, name) ? dead[name] : undefined;
      if (value !== undefined) found[name] = value;
      else {
        missing ??= {};
        missing[name] = null;
      }
    }
  } else {
    // RFC 4918 §9.1: allprop is every dead property and the live properties this document defines, plus any
    // named in <D:include>. Live ones first, in one pass: this runs once per resource of a listing.
    addLiveProps(ctx, path, info, found);
    for (const name in dead) if (!(name in found)) found[name] = dead[name] as PropValue;
    for (const name of request.include) {
      // Everything allprop can return is already there: an included name that is not is missing.
      if (!(name in found)) {
        missing ??= {};
        missing[name] = null;
      }
    }
  }
  const anyFound = request.type === 'prop' ? Object.keys(found).length > 0 : true;
  const propstat: PropStat[] = [];
  if (anyFound) propstat.push({ status: 200, props: found });
  if (missing) propstat.push({ status: 404, props: missing });
  if (propstat.length === 0) propstat.push({ status: 200, props: {} });
  return { href, propstat };
}
