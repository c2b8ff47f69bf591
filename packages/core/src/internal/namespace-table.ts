import { ErrorCodes, MultiStatusError } from '../errors';
import type { InvalidCharsPolicy } from '../types';
import { DAV_NS, parseClarkName, XML_NS, XMLNS_NS } from './clark-name';
import { escapeAttr } from './escape-xml';
import { flatString } from './flat-string';
import { isNcName } from './xml-name';

/** The namespace of our own extension elements (`id`, `body`), allowed by RFC 4918 §17. */
export const EXT_NS = 'urn:multistatus:ext';
const EXT_PREFIX = 'M';

/** How a Clark name is written: its qualified name and the declaration it needs when not declared on the root. */
export interface XmlName {
  ns: string;
  qname: string;
  /** ` xmlns:p="uri"`, or '' when the namespace is declared on the root (or is none, or `xml`). */
  decl: string;
  /** Ready-made tags for a top-level property (the hot path): `<q decl>`, `</q>`, `<q decl/>`. */
  open: string;
  close: string;
  empty: string;
  /** For a name written `{DAV:}x`: the bare spelling `x` of the same name, which must not appear beside it. */
  bare?: string;
}

/**
 * Prefixes for one document. `D` is DAV:, registered namespaces keep their prefixes and are declared once on
 * the root; any other namespace gets `ns1`, `ns2`, … (never a prefix already taken) and is declared where used.
 */
export class NamespaceTable {
  readonly rootDeclarations: string;
  private readonly prefixes = new Map<string, string>();
  private readonly taken = new Set<string>(['D', EXT_PREFIX, 'xml', 'xmlns']);
  private readonly rootNs = new Set<string>([DAV_NS]);
  private readonly elements = new Map<string, XmlName>();
  private readonly attributes = new Map<string, XmlName>();
  private next = 1;

  constructor(
    registered: Record<string, string> | undefined,
    private readonly policy: InvalidCharsPolicy,
  ) {
    this.prefixes.set(DAV_NS, 'D');
    this.prefixes.set(EXT_NS, EXT_PREFIX);
    this.prefixes.set(XML_NS, 'xml');
    let decls = ' xmlns:D="DAV:"';
    if (registered !== undefined) {
      if (registered === null || typeof registered !== 'object' || Array.isArray(registered)) {
        throw new MultiStatusError(
          ErrorCodes.INVALID_OPTION,
          `Invalid namespaces option: ${JSON.stringify(registered)}. Expected an object of prefix to namespace URI, e.g. { E: 'http://example.com/ns/' }.`,
        );
      }
      for (const [prefix, uri] of Object.entries(registered)) {
        if (uri === DAV_NS && prefix === 'D') continue;
        if (!isNcName(prefix) || /^xml/i.test(prefix) || this.taken.has(prefix)) {
          throw new MultiStatusError(
            ErrorCodes.INVALID_OPTION,
            `Invalid namespace prefix ${JSON.stringify(prefix)}: prefixes must be XML names, must not start with "xml", and "D" and "M" are reserved (DAV: and this kit's extension namespace).`,
          );
        }
        if (
          typeof uri !== 'string' ||
          uri.length === 0 ||
          uri === XMLNS_NS ||
          uri === XML_NS ||
          uri === DAV_NS ||
          uri === EXT_NS
        ) {
          throw new MultiStatusError(
            ErrorCodes.INVALID_OPTION,
            `Invalid namespace URI for prefix ${JSON.stringify(prefix)}: ${JSON.stringify(uri)}. Expected a non-empty URI other than DAV: and the reserved XML ones.`,
          );
        }
        if (this.prefixes.has(uri)) continue;
        this.prefixes.set(uri, prefix);
        this.taken.add(prefix);
        this.rootNs.add(uri);
        decls += ` xmlns:${prefix}="${escapeAttr(uri, policy, 'a namespace URI')}"`;
      }
    }
    this.rootDeclarations = decls;
  }

  private prefixFor(ns: string): string {
    let prefix = this.prefixes.get(ns);
    if (prefix === undefined) {
      do prefix = `ns${this.next++}`;
      while (this.taken.has(prefix));
      this.taken.add(prefix);
      this.prefixes.set(ns, prefix);
    }
    return prefix;
  }

  private make(ns: string, local: string): XmlName {
    let qname = local;
    let decl = '';
    if (ns !== '') {
      const prefix = this.prefixFor(ns);
      qname = `${prefix}:${local}`;
      if (!this.rootNs.has(ns) && ns !== XML_NS)
        decl = ` xmlns:${prefix}="${escapeAttr(ns, this.policy, 'a namespace URI')}"`;
    }
    // Flat, because these tags go into every response that names the property.
    return {
      ns,
      qname: flatString(qname),
      decl: flatString(decl),
      open: flatString(`<${qname}${decl}>`),
      close: flatString(`</${qname}>`),
      empty: flatString(`<${qname}${decl}/>`),
    };
  }

  /** An element or property name; a bare name is in DAV:. */
  element(name: string): XmlName {
    let info = this.elements.get(name);
    if (info === undefined) {
      const { ns, local } = parseClarkName(name, DAV_NS, 'element');
      info = this.make(ns, local);
      if (ns === DAV_NS && name.charCodeAt(0) === 123 /* { */) info.bare = local;
      this.elements.set(name, info);
    }
    return info;
  }

  /** An attribute name; a bare name has no namespace. */
  attribute(name: string): XmlName {
    let info = this.attributes.get(name);
    if (info === undefined) {
      const { ns, local } = parseClarkName(name, '', 'attribute');
      info = this.make(ns, local);
      this.attributes.set(name, info);
    }
    return info;
  }
}
