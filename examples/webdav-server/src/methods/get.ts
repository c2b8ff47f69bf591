import { pipeline } from 'node:stream/promises';
import { checkHttpConditions } from '../internal/check-conditions';
import type { DavContext } from '../internal/dav-context';
import { DavError } from '../internal/dav-error';
import { contentTypeOf } from '../internal/live-props';
import { joinPath } from '../internal/resource-path';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * GET and HEAD: a file's content, or a small HTML index for a collection (RFC 4918 §9.4 leaves that to the server).
 *
 * @example
 * await handleGet(ctx);
 */
export async function handleGet(ctx: DavContext): Promise<void> {
  const { res, req } = ctx;
  const info = await ctx.store.stat(ctx.path);
  if (!info) throw new DavError(404, 'Not Found');
  res.setHeader('ETag', info.etag);
  res.setHeader('Last-Modified', info.modified.toUTCString());
  if (checkHttpConditions(ctx, info) === 'not-modified') {
    res.status(304).end();
    return;
  }
  if (info.type === 'collection') {
    let html = `<!doctype html><meta charset="utf-8"><title>Index of ${escapeHtml(ctx.path)}</title><ul>`;
    for await (const member of ctx.store.members(ctx.path)) {
      const collection = member.info.type === 'collection';
      const href = ctx.href(joinPath(ctx.path, member.name), collection);
      html += `<li><a href="${escapeHtml(href)}">${escapeHtml(member.name)}${collection ? '/' : ''}</a></li>`;
    }
    html += '</ul>\n';
    res.status(200).type('text/html; charset=utf-8');
    res.setHeader('Content-Length', Buffer.byteLength(html));
    res.end(req.method === 'HEAD' ? undefined : html);
    return;
  }
  res.status(200);
  res.setHeader('Content-Type', contentTypeOf(ctx.path, info));
  res.setHeader('Content-Length', info.size);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(await ctx.store.read(ctx.path), res);
}
