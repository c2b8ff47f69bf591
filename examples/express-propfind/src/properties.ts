import { createHash } from 'node:crypto';
import type { Entry, PropfindRequest, PropStat, PropValue } from '@multistatus/core';
import type { TreeNode } from './tree';

/**
 * The live properties of a resource (RFC 4918 §15), by Clark name.
 *
 * @example
 * liveProperties(tree.get('/docs/readme.txt')!)['{DAV:}getcontentlength']; // 15
 */
export function liveProperties(node: TreeNode): Record<string, PropValue> {
  const name = node.path === '/' ? '' : decodeName(node.path);
  const props: Record<string, PropValue> = {
    // RFC 4918 §15.1: creationdate is an RFC 3339 date-time; §15.7: getlastmodified an RFC 1123 date.
    '{DAV:}creationdate': node.created.toISOString(),
    '{DAV:}displayname': name,
    '{DAV:}getlastmodified': node.modified.toUTCString(),
    // RFC 4918 §15.9: a collection's resourcetype holds <D:collection/>; other resources' is empty.
    '{DAV:}resourcetype': node.collection ? { name: '{DAV:}collection' } : null,
  };
  if (!node.collection) {
    const content = node.content ?? '';
    props['{DAV:}getcontentlength'] = Buffer.byteLength(content);
    props['{DAV:}getcontenttype'] = node.contentType ?? 'application/octet-stream';
    props['{DAV:}getetag'] = `"${createHash('sha1').update(content).digest('hex').slice(0, 16)}"`;
  }
  return props;
}

function decodeName(path: string): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * The `<D:response>` for one resource: found properties under 200, the asked-for ones it lacks under 404
 * (RFC 4918 §9.1: one propstat per status).
 *
 * @example
 * propfindEntry(node, { type: 'prop', props: ['{DAV:}displayname'] });
 */
export function propfindEntry(node: TreeNode, request: PropfindRequest): Entry {
  const live = liveProperties(node);
  // hrefs are the decoded paths: the serialiser percent-encodes them (spaces, non-ASCII) exactly once.
  const href = node.path;
  if (request.type === 'propname') {
    const names: Record<string, PropValue> = {};
    for (const key of Object.keys(live)) names[key] = null;
    return { href, propstat: [{ status: 200, props: names }] };
  }
  if (request.type === 'allprop') {
    const props = { ...live };
    const missing: Record<string, PropValue> = {};
    for (const name of request.include) if (!(name in live)) missing[name] = null;
    return { href, propstat: withMissing(props, missing) };
  }
  const found: Record<string, PropValue> = {};
  const missing: Record<string, PropValue> = {};
  for (const name of request.props) {
    const value = live[name];
    if (value === undefined) missing[name] = null;
    else found[name] = value;
  }
  return { href, propstat: withMissing(found, missing) };
}

function withMissing(found: Record<string, PropValue>, missing: Record<string, PropValue>): PropStat[] {
  const propstat: PropStat[] = [];
  if (Object.keys(found).length > 0) propstat.push({ status: 200, props: found });
  if (Object.keys(missing).length > 0) propstat.push({ status: 404, props: missing });
  // RFC 4918 §14.22: a response holds at least one propstat; an empty prop request gets an empty 200.
  if (propstat.length === 0) propstat.push({ status: 200, props: {} });
  return propstat;
}
