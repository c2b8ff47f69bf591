import { assertUnlocked, evaluateIf } from '../internal/check-conditions';
import type { DavContext } from '../internal/dav-context';
import { DavError } from '../internal/dav-error';
import { hasBody } from '../internal/read-body';
import { parentPath } from '../internal/resource-path';

/**
 * MKCOL: creates a collection (RFC 4918 §9.3): 405 if the URI is mapped, 409 without a parent,
 * 415 with a body (this server defines no MKCOL body).
 *
 * @example
 * await handleMkcol(ctx);
 */
export async function handleMkcol(ctx: DavContext): Promise<void> {
  const { store } = ctx;
  if (hasBody(ctx.req)) throw new DavError(415, 'MKCOL with a request body is not supported');
  if (await store.stat(ctx.path)) throw new DavError(405, 'The resource already exists');
  const parent = await store.stat(parentPath(ctx.path));
  if (parent?.type !== 'collection') throw new DavError(409, 'The parent collection does not exist');
  const tokens = await evaluateIf(ctx);
  assertUnlocked(ctx, parentPath(ctx.path), tokens);
  await store.createCollection(ctx.path);
  ctx.res.status(201).end();
}
