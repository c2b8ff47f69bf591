// TEMPORARY stand-in for core's parsers until they are exported; deleted afterwards.
import type { PropValue, XmlElement } from '@multistatus/core';
import { DavError } from './dav-error';
import { readXml } from './read-xml';

export async function parsePropfind(body: Buffer) {
  if (body.length === 0) return { type: 'allprop' as const, include: [] as string[] };
  const root = readXml(body);
  if (root.name !== '{DAV:}propfind') throw new DavError(400, 'not propfind');
  const first = root.children?.find((c): c is XmlElement => typeof c !== 'string');
  if (!first) throw new DavError(400, 'empty propfind');
  if (first.name === '{DAV:}propname') return { type: 'propname' as const };
  if (first.name === '{DAV:}allprop') return { type: 'allprop' as const, include: [] as string[] };
  if (first.name !== '{DAV:}prop') throw new DavError(400, 'bad propfind');
  const props = (first.children ?? []).filter((c): c is XmlElement => typeof c !== 'string').map((c) => c.name);
  return { type: 'prop' as const, props };
}

export async function parseProppatch(body: Buffer) {
  const root = readXml(body);
  if (root.name !== '{DAV:}propertyupdate') throw new DavError(400, 'not propertyupdate');
  const ops: Array<{ op: 'set'; name: string; value: PropValue } | { op: 'remove'; name: string }> = [];
  for (const action of root.children ?? []) {
    if (typeof action === 'string') continue;
    const prop = action.children?.find((c): c is XmlElement => typeof c !== 'string');
    for (const p of prop?.children ?? []) {
      if (typeof p === 'string') continue;
      if (action.name === '{DAV:}set') {
        const kids = p.children ?? [];
        const v: PropValue =
          kids.length === 0
            ? null
            : kids.every((k) => typeof k === 'string')
              ? kids.join('')
              : kids.length === 1
                ? (kids[0] as XmlElement)
                : kids;
        ops.push({ op: 'set', name: p.name, value: v });
      } else ops.push({ op: 'remove', name: p.name });
    }
  }
  return ops;
}
