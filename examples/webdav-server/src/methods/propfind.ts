import { type Entry, type PropfindRequest, type PropStat, type PropValue, parsePropfind } from '@multistatus/core';
import type { DavContext } from '../internal/dav-context';
import { DavError } from '../internal/dav-error';
import { LIVE_PROPS, liveProp, liveProps } from '../internal/live-props';
import { NO_PROPS } from '../internal/member-props';
import { readBody } from '../internal/read-body';
import { baseName, joinPath } from '../internal/resource-path';
import type { DeadProps, ResourceInfo, StoreMember } from '../store';

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
    baseName(ctx.path),
    ctx.href(ctx.path, info.type === 'collection'),
    info,
    await ctx.store.deadProps(ctx.path),
  );
  if (info.type !== 'collection' || depth === '0') {
    await ctx.res.multiStatus([self]);
    return;
  }
  if (depth === '1' && ctx.store.memberBatches) {
    await ctx.res.multiStatus(listBatches(ctx, request, self, ctx.path, ctx.store.memberBatches(ctx.path)));
    return;
  }
  await ctx.res.multiStatus(walk(ctx, request, self, ctx.path, depth === 'infinity'));
}

/**
 * A name made of RFC 3986 unreserved characters only (most file names) is its own percent-encoding: one regex
 * test costs less than encodeURIComponent building the same string again (callgrind, PROPFIND of 10,000 files:
 * 2% of the server thread).
 */
const PLAIN_SEGMENT = /^[A-Za-z0-9._~-]+$/;

/** How many entries a walk produces between two turns of the event loop. */
const TURN_EVERY = 256;

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
  const name = member.name;
  const segment = PLAIN_SEGMENT.test(name) ? name : encodeURIComponent(name);
  const href = `${base}${segment}${collection ? '/' : ''}`;
  return describe(ctx, request, joinPath(path, member.name), member.name, href, member.info, props);
}

/**
 * Depth 1 on a store that lists in batches: the resource itself, then each batch of members as one batch of
 * entries (the kit reads a batch's entries without an await each), made as they are read. The kit renders and
 * writes them as they come, with backpressure, so nothing is held beyond a batch and a chunk; the event loop
 * gets its turn between batches (store.ts: each arrives on a later turn). When the kit stops early (the client
 * went away), it closes the batch and this generator, and the `for await` closes the store's listing.
 */
async function* listBatches(
  ctx: DavContext,
  request: PropfindRequest,
  self: Entry,
  path: string,
  batches: AsyncIterable<Iterable<StoreMember>>,
): AsyncGenerator<Entry | Iterable<Entry>> {
  yield self;
  const base = ctx.href(path, true);
  for await (const batch of batches) yield entriesOf(ctx, request, path, base, batch);
}

/** The entries of one batch of members, made one at a time as the kit reads them. */
function* entriesOf(
  ctx: DavContext,
  request: PropfindRequest,
  path: string,
  base: string,
  batch: Iterable<StoreMember>,
): Generator<Entry> {
  for (const member of batch) yield memberEntry(ctx, request, path, base, member, member.props ?? NO_PROPS);
}

/**
 * Depth 1 on any store, or Depth infinity: depth-first, in one generator over a stack of open listings (as
 * tall as the tree is deep), so memory stays constant however many resources the walk lists. The entries go to
 * the kit in runs (see {@link runOf}), each read without an await per entry.
 */
async function* walk(
  ctx: DavContext,
  request: PropfindRequest,
  self: Entry,
  root: string,
  recurse: boolean,
): AsyncGenerator<Entry | Iterable<Entry>> {
  yield self;
  const open = (path: string): Listing => ({
    path,
    base: ctx.href(path, true),
    batches: (ctx.store.memberBatches?.(path) ?? oneByOne(ctx.store.members(path)))[Symbol.asyncIterator](),
    batch: undefined,
  });
  const stack: Listing[] = [open(root)];
  const run: RunEnd = { made: 0, descend: undefined, unread: undefined };
  let sinceTurn = 0;
  try {
    while (stack.length > 0) {
      const top = stack[stack.length - 1] as Listing;
      if (top.batch === undefined) {
        const next = await top.batches.next();
        if (next.done) stack.pop();
        else top.batch = next.value[Symbol.iterator]();
        continue;
      }
      run.made = 0;
      run.descend = undefined;
      run.unread = undefined;
      yield runOf(ctx, request, top, recurse, run);
      // Read back after the kit has read the run (TypeScript cannot see runOf set it).
      const member = run.unread as StoreMember | undefined;
      if (member) {
        // A store that lists members without their dead properties is asked for them, one member at a time.
        const props = await ctx.store.deadProps(joinPath(top.path, member.name));
        yield memberEntry(ctx, request, top.path, top.base, member, props);
        run.made++;
        if (recurse && member.info.type === 'collection') run.descend = joinPath(top.path, member.name);
      }
      if (run.descend !== undefined) stack.push(open(run.descend));
      // A store whose members come without waiting would otherwise hold the event loop for the whole walk.
      sinceTurn += run.made;
      if (sinceTurn >= TURN_EVERY) {
        sinceTurn = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } finally {
    // A walk stopped early (the client went away) closes every listing still open.
    for (const listing of stack) await listing.batches.return?.();
  }
}

/** How a run of entries ended, for the walk to go on from there. */
interface RunEnd {
  /** Entries the run made. */
  made: number;
  /** A collection whose entry ended the run: its members come next (Depth: infinity). */
  descend: string | undefined;
  /** A member the run stopped before: its store did not list its dead properties. */
  unread: StoreMember | undefined;
}

/**
 * The entries of the top listing's batch, made as the kit reads them, up to the end of the batch, a collection
 * to descend into (its entry is the run's last), a member without its dead properties, or {@link TURN_EVERY}
 * entries. The batch is left where the run stopped, and dropped once read to its end.
 */
function* runOf(
  ctx: DavContext,
  request: PropfindRequest,
  top: Listing,
  recurse: boolean,
  end: RunEnd,
): Generator<Entry> {
  const batch = top.batch as Iterator<StoreMember>;
  while (end.made < TURN_EVERY) {
    const pulled = batch.next();
    if (pulled.done) {
      top.batch = undefined;
      return;
    }
    const member = pulled.value;
    if (member.props === undefined) {
      end.unread = member;
      return;
    }
    end.made++;
    yield memberEntry(ctx, request, top.path, top.base, member, member.props);
    if (recurse && member.info.type === 'collection') {
      end.descend = joinPath(top.path, member.name);
      return;
    }
  }
}

/** Members one at a time as batches of one, for a store without `memberBatches`. */
async function* oneByOne(members: AsyncIterable<StoreMember>): AsyncGenerator<Iterable<StoreMember>> {
  for await (const member of members) yield [member];
}

interface Listing {
  path: string;
  base: string;
  batches: AsyncIterator<Iterable<StoreMember>>;
  batch: Iterator<StoreMember> | undefined;
}

/** The entry of one resource; `name` is its last path segment (for its content type). */
function describe(
  ctx: DavContext,
  request: PropfindRequest,
  path: string,
  name: string,
  href: string,
  info: ResourceInfo,
  dead: DeadProps,
): Entry {
  if (request.type === 'allprop') {
    // RFC 4918 §9.1: allprop is every dead property and the live properties this document defines, plus any
    // named in <D:include>. Live ones first, in one pass: this runs once per resource of a listing.
    const found = liveProps(ctx, path, name, info);
    for (const key in dead) if (!(key in found)) found[key] = dead[key] as PropValue;
    let missing: Record<string, PropValue> | undefined;
    for (const included of request.include) {
      // Everything allprop can return is already there: an included name that is not is missing.
      if (!(included in found)) {
        missing ??= {};
        missing[included] = null;
      }
    }
    const propstat: PropStat[] = [{ status: 200, props: found }];
    if (missing) propstat.push({ status: 404, props: missing });
    return { href, propstat };
  }
  const found: Record<string, PropValue> = {};
  if (request.type === 'propname') {
    for (const prop of LIVE_PROPS) if (liveProp(ctx, path, info, prop) !== undefined) found[prop] = null;
    for (const prop of Object.keys(dead)) found[prop] = null;
    return { href, propstat: [{ status: 200, props: found }] };
  }
  let missing: Record<string, PropValue> | undefined;
  for (const prop of request.props) {
    if (prop in found) continue;
    // Not `??`: a live property can be null (an empty element, as resourcetype of a file).
    const live = liveProp(ctx, path, info, prop);
    const value = live !== undefined ? live : Object.hasOwn(dead, prop) ? dead[prop] : undefined;
    if (value !== undefined) found[prop] = value;
    else {
      missing ??= {};
      missing[prop] = null;
    }
  }
  const propstat: PropStat[] = [];
  if (Object.keys(found).length > 0) propstat.push({ status: 200, props: found });
  if (missing) propstat.push({ status: 404, props: missing });
  if (propstat.length === 0) propstat.push({ status: 200, props: {} });
  return { href, propstat };
}
