import type { PropValue, XmlElement, XmlValue } from '@multistatus/core';

const DAV_NS = 'DAV:';

/**
 * Gives a property or element name in full Clark notation, as core's parser returns it: a bare name is in
 * `DAV:` (the model's convention), `{ns}local` is kept as is.
 */
export function toFullClark(name: string): string {
  return name.startsWith('{') ? name : `{${DAV_NS}}${name}`;
}

function normalizeElement(element: XmlElement): XmlElement {
  const out: XmlElement = { name: toFullClark(element.name) };
  if (element.attrs !== undefined) out.attrs = { ...element.attrs };
  if (element.children !== undefined) {
    out.children = element.children.map((child) => (typeof child === 'string' ? child : normalizeElement(child)));
  }
  return out;
}

/** Gives XML content with every element name in full Clark notation (attributes keep their names). */
export function normalizeXmlValue(value: XmlValue): XmlValue {
  return Array.isArray(value)
    ? value.map((item) => (typeof item === 'string' ? item : normalizeElement(item)))
    : normalizeElement(value);
}

/** Gives a property value with XML content normalised; text and `null` are kept as they are. */
export function normalizePropValue(value: PropValue): PropValue {
  if (value === null || typeof value !== 'object') return value;
  return normalizeXmlValue(value);
}
