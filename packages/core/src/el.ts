import type { XmlElement } from './types';

/**
 * Builds an {@link XmlElement} from a Clark name, its children and its attributes; empty ones are left out,
 * so the result equals what the parser produces.
 *
 * @example
 * el('{DAV:}resourcetype', [el('{DAV:}collection')]);
 * el('{http://example.com/ns/}color', ['#ff0000'], { scheme: 'rgb' });
 */
export function el(name: string, children?: Array<XmlElement | string>, attrs?: Record<string, string>): XmlElement {
  const out: XmlElement = { name };
  if (attrs !== undefined && Object.keys(attrs).length > 0) out.attrs = attrs;
  if (children !== undefined && children.length > 0) out.children = children;
  return out;
}
