import type { XmlElement } from '@multistatus/core';

const DAV = 'DAV:';

function splitClark(name: string): [string, string] {
  if (!name.startsWith('{')) return [DAV, name];
  const end = name.indexOf('}');
  return [name.slice(1, end), name.slice(end + 1)];
}

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

/**
 * Renders one Clark-named element as a standalone XML document (the LOCK response body and the
 * RFC 4918 §16 `<D:error>` bodies); 207 bodies are rendered by the kit, not here.
 *
 * @example
 * renderXml({ name: '{DAV:}error', children: [{ name: '{DAV:}propfind-finite-depth' }] });
 */
export function renderXml(root: XmlElement): string {
  const prefixes = new Map<string, string>([[DAV, 'D']]);
  const collect = (element: XmlElement) => {
    const [ns] = splitClark(element.name);
    if (ns && !prefixes.has(ns)) prefixes.set(ns, `ns${prefixes.size}`);
    for (const key of Object.keys(element.attrs ?? {})) {
      if (key.startsWith('{')) {
        const [ans] = splitClark(key);
        if (ans && !prefixes.has(ans)) prefixes.set(ans, `ns${prefixes.size}`);
      }
    }
    for (const child of element.children ?? []) if (typeof child !== 'string') collect(child);
  };
  collect(root);
  const qname = (name: string) => {
    const [ns, local] = splitClark(name);
    // An element in no namespace is written unprefixed, with the default namespace left undeclared.
    return ns ? `${prefixes.get(ns)}:${local}` : local;
  };
  const attrName = (name: string) => (name.startsWith('{') ? qname(name) : name);
  const render = (element: XmlElement, isRoot: boolean): string => {
    let out = `<${qname(element.name)}`;
    if (isRoot) for (const [ns, prefix] of prefixes) out += ` xmlns:${prefix}="${escapeAttr(ns)}"`;
    for (const [key, value] of Object.entries(element.attrs ?? {})) out += ` ${attrName(key)}="${escapeAttr(value)}"`;
    if (!element.children?.length) return `${out}/>`;
    out += '>';
    for (const child of element.children) out += typeof child === 'string' ? escapeText(child) : render(child, false);
    return `${out}</${qname(element.name)}>`;
  };
  return `<?xml version="1.0" encoding="utf-8"?>\n${render(root, true)}`;
}
