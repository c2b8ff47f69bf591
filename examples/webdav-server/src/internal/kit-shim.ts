// TEMPORARY stand-in for @multistatus/express and core's parsers until they land; deleted afterwards.
import type { Entry, EntrySource, PropValue, XmlElement } from '@multistatus/core';
import type { NextFunction, Request, Response } from 'express';
import { DavError } from './dav-error';
import { readXml } from './read-xml';
import { renderXml } from './render-xml';

declare global {
  namespace Express {
    interface Response {
      multiStatus(entries: EntrySource): Promise<void>;
    }
  }
}

const codes: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  423: 'Locked',
  424: 'Failed Dependency',
  500: 'Internal Server Error',
  507: 'Insufficient Storage',
};
const line = (s: number) => `HTTP/1.1 ${s} ${codes[s] ?? 'Unknown'}`;
const value = (v: PropValue): Array<XmlElement | string> =>
  v === null || v === '' ? [] : typeof v === 'object' ? (Array.isArray(v) ? v : [v]) : [String(v)];
const clark = (n: string) => (n.startsWith('{') ? n : `{DAV:}${n}`);
function entryXml(e: Entry): XmlElement {
  const children: XmlElement[] = [{ name: '{DAV:}href', children: [e.href] }];
  if (e.propstat) {
    for (const ps of e.propstat) {
      children.push({
        name: '{DAV:}propstat',
        children: [
          {
            name: '{DAV:}prop',
            children: Object.entries(ps.props).map(([k, v]) => ({ name: clark(k), children: value(v) })),
          },
          { name: '{DAV:}status', children: [line(ps.status)] },
          ...(ps.error ? [{ name: '{DAV:}error', children: value(ps.error) }] : []),
        ],
      });
    }
  } else children.push({ name: '{DAV:}status', children: [line(e.status as number)] });
  if (e.error) children.push({ name: '{DAV:}error', children: value(e.error) });
  return {
    name: '{DAV:}response',
    children: children.map((c) => ({ ...c, children: c.children?.filter((x) => x !== undefined) })),
  };
}

export function multiStatus() {
  return function multiStatusShim(_req: Request, res: Response, next: NextFunction) {
    res.multiStatus = async (entries: EntrySource) => {
      const list: XmlElement[] = [];
      for await (const e of entries as AsyncIterable<Entry>) list.push(entryXml(e));
      res
        .status(207)
        .type('application/xml; charset=utf-8')
        .send(renderXml({ name: '{DAV:}multistatus', children: list }));
    };
    next();
  };
}

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
