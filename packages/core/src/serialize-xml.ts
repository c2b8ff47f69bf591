import { encodeHref, isPlainHref } from './encode-href';
import { ErrorCodes, MultiStatusError } from './errors';
import { applyMinimal } from './internal/apply-minimal';
import { escapeAttr, escapeText } from './internal/escape-xml';
import { flatString } from './internal/flat-string';
import { EXT_NS, NamespaceTable, type XmlName } from './internal/namespace-table';
import { EMPTY, kindOf, PropLayout, TEXT } from './internal/prop-layout';
import { stringifyBody } from './internal/stringify-body';
import { statusLine } from './status-line';
import type { Entry, InvalidCharsPolicy, PropStat, PropValue, SerializeOptions, XmlElement, XmlValue } from './types';
import { validateEntry } from './validate-entry';

/** The serialiser behind every multistatus body: a head, one string per entry, a tail. */
export interface Serializer {
  readonly format: 'xml' | 'json';
  /** The Content-Type for this format, with charset. */
  readonly contentType: string;
  /** Everything before the first entry. */
  head(): string;
  /** Validates one entry and renders it; throws a MultiStatusError naming the entry when it is wrong. */
  entry(entry: Entry): string;
  /** Everything after the last entry. */
  tail(): string;
}

const XML_DECL = '<?xml version="1.0" encoding="utf-8"?>\n';
const EXT_ID_OPEN = flatString(`<M:id xmlns:M="${EXT_NS}">`);
const EXT_BODY_OPEN = flatString(`<M:body xmlns:M="${EXT_NS}">`);
const EXT_HEADERS_OPEN = flatString(`<M:headers xmlns:M="${EXT_NS}">`);

// Propstats per response whose layouts are remembered apart: a PROPFIND answer has one per status found.
const MAX_LAYOUTS = 4;

const NONCHARACTER = /[\uFFFE\uFFFF]/;
const NONCHARACTERS = /[\uFFFE\uFFFF]/g;
// What JSON text can hold that XML text cannot carry as is. JSON.stringify escapes every C0 control (CR
// included) and every lone surrogate (ES2019 well-formed JSON.stringify), so only markup and the two
// noncharacters are left to look for: a smaller class than the general text check, and a faster scan.
const JSON_NEEDS_WORK = /[&<>\uFFFE\uFFFF]/;

// Ready-made pieces, cached per status code (statuses are validated integers from 200 to 599, so a small array
// indexed by code is the cheapest lookup): each `+` builds one more rope node that the document's first reader
// has to walk, so the fixed tags around a variable part are written as one string.
const statusElements: string[] = [];
const hrefStatus: string[] = [];

function statusElement(status: number): string {
  let element = statusElements[status];
  if (element === undefined) {
    element = flatString(`<D:status>${statusLine(status)}</D:status>`);
    statusElements[status] = element;
  }
  return element;
}

/** `</D:href><D:status>…</D:status>`: the end of a status response's href and its status. */
function hrefAndStatus(status: number): string {
  let piece = hrefStatus[status];
  if (piece === undefined) {
    piece = flatString(`</D:href>${statusElement(status)}`);
    hrefStatus[status] = piece;
  }
  return piece;
}

function duplicateProperty(name: string): MultiStatusError {
  return new MultiStatusError(
    ErrorCodes.INVALID_NAME,
    `Property ${name} appears twice in one propstat, once with its bare name. Give each property once.`,
  );
}

/**
 * Whether XML content can never change: the element or list is frozen, and so is everything it holds (attrs
 * objects, children arrays, nested elements). Only such a value may be rendered once and reused.
 */
function isDeepFrozen(value: unknown): boolean {
  if (typeof value === 'string') return true;
  if (value === null || typeof value !== 'object' || !Object.isFrozen(value)) return false;
  if (Array.isArray(value)) return value.every(isDeepFrozen);
  const el = value as XmlElement;
  if (el.attrs !== undefined && !Object.isFrozen(el.attrs)) return false;
  return el.children === undefined || isDeepFrozen(el.children);
}

function inScope(scope: readonly string[] | undefined, ns: string): boolean {
  return scope?.includes(ns) === true;
}

/**
 * RFC 4918 §13–14 XML: `<D:multistatus>` with one `<D:response>` per entry, children in the order of the
 * RFC's DTD (§14.24: href, status | propstat+, error, responsedescription, location; §14.22: prop, status,
 * error, responsedescription), then this kit's extension elements (§17 allows them): `<M:id>`, `<M:body>`.
 */
export class XmlSerializer implements Serializer {
  readonly format = 'xml' as const;
  readonly contentType = 'application/xml; charset=utf-8';
  private readonly names: NamespaceTable;
  private readonly policy: InvalidCharsPolicy;
  private readonly minimal: boolean;
  private readonly description: string | undefined;
  // What was written at each propstat index of a response (a PROPFIND answer's 200 and 404 propstats each
  // keep theirs), up to MAX_LAYOUTS; propstats beyond share the last.
  private readonly layouts: PropLayout[] = [];
  // Renderings of property values frozen all the way down (a constant such as DAV:supportedlock, the same
  // object in every response of a listing), made once per document, or false for a frozen value that is not
  // frozen all the way down. Keyed by the value; the property name is kept with it, as it decides the
  // namespace declarations written inside.
  private readonly frozen = new WeakMap<object, { name: XmlName; xml: string } | false>();

  constructor(options: SerializeOptions) {
    this.policy = options.invalidChars ?? 'replace';
    this.names = new NamespaceTable(options.namespaces, this.policy);
    this.minimal = options.minimal === true;
    this.description = options.description;
  }

  head(): string {
    return `${XML_DECL}<D:multistatus${this.names.rootDeclarations}>\n`;
  }

  tail(): string {
    const description =
      this.description === undefined
        ? ''
        : `<D:responsedescription>${escapeText(this.description, this.policy, 'the multistatus description')}</D:responsedescription>\n`;
    return `${description}</D:multistatus>\n`;
  }

  entry(entry: Entry): string {
    validateEntry(entry);
    try {
      return this.response(entry);
    } catch (err) {
      if (err instanceof MultiStatusError && err.href === undefined) {
        throw new MultiStatusError(err.code, `${err.message} (entry ${JSON.stringify(entry.href)})`, {
          href: entry.href,
          cause: err.cause,
        });
      }
      throw err;
    }
  }

  private response(entry: Entry): string {
    const policy = this.policy;
    let out: string;
    if (entry.status !== undefined) {
      out = `<D:response><D:href>${this.href(entry.href)}${hrefAndStatus(entry.status)}`;
    } else {
      const propstat = this.minimal ? applyMinimal(entry.propstat) : entry.propstat;
      // Nothing after the propstats (the usual PROPFIND response): the last propstat ends the response too, so
      // its end and the response's are written as one ready-made piece.
      const bare =
        entry.error === undefined &&
        entry.description === undefined &&
        entry.location === undefined &&
        entry.id === undefined &&
        entry.headers === undefined &&
        entry.body === undefined;
      const last = propstat.length - 1;
      // The text between the href and the first value is one of the first propstat's remembered pieces.
      out = `<D:response><D:href>${this.href(entry.href)}`;
      for (let i = 0; i <= last; i++)
        out = this.propstat(out, propstat[i] as PropStat, bare && i === last, this.layout(i));
      if (bare) return out;
    }
    if (entry.error !== undefined) out += `<D:error>${this.content(entry.error, undefined)}</D:error>`;
    if (entry.description !== undefined) {
      out += `<D:responsedescription>${escapeText(entry.description, policy, 'a description')}</D:responsedescription>`;
    }
    if (entry.location !== undefined) out += `<D:location><D:href>${this.href(entry.location)}</D:href></D:location>`;
    if (entry.id !== undefined) out += `${EXT_ID_OPEN}${escapeText(entry.id, policy, 'an id')}</M:id>`;
    if (entry.headers !== undefined) {
      // The same JSON-text form as <M:body>: header values are strings, so nothing needs an XML mapping.
      out += `${EXT_HEADERS_OPEN}${escapeText(JSON.stringify(entry.headers), policy, 'headers')}</M:headers>`;
    }
    if (entry.body === undefined) return `${out}</D:response>\n`;
    // JSON.stringify escapes controls and lone surrogates but not U+FFFE/U+FFFF, which XML cannot carry:
    // written as JSON escapes they survive instead of being replaced by the invalidChars policy.
    // One scan decides for the common body (plain JSON text): the noncharacters are among what it looks for.
    let json = stringifyBody(entry.body, entry.href);
    if (JSON_NEEDS_WORK.test(json)) {
      if (NONCHARACTER.test(json)) json = json.replace(NONCHARACTERS, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
      json = escapeText(json, policy, 'a body');
    }
    return `${out}${EXT_BODY_OPEN}${json}</M:body></D:response>\n`;
  }

  private layout(index: number): PropLayout {
    const at = index < MAX_LAYOUTS ? index : MAX_LAYOUTS - 1;
    let layout = this.layouts[at];
    if (layout === undefined) {
      // The first propstat follows the href; the others follow the propstat before them.
      layout = new PropLayout(at === 0 ? '</D:href><D:propstat><D:prop>' : '<D:propstat><D:prop>');
      this.layouts[at] = layout;
    }
    return layout;
  }

  private href(href: string): string {
    if (isPlainHref(href)) return href;
    const encoded = encodeHref(href, this.policy);
    // Percent-encoding leaves "&" as the only character that XML text must escape.
    return encoded.includes('&') ? encoded.replace(/&/g, '&amp;') : encoded;
  }

  /**
   * Appends one propstat (from the layout's prefix: the href's close for the first) to `out`; with `end`,
   * the end of the response (`</D:response>` and a newline) too.
   *
   * Everything between two values is fixed text for a given layout (the close of one element, the empty elements
   * after it, the open of the next), so it is written as one ready-made piece remembered per position: `out`
   * grows by two appends per value instead of a three-part element, and its reader flattens a third fewer rope
   * nodes (bench/serialize.bench.ts).
   */
  private propstat(out: string, ps: PropStat, end: boolean, layout: PropLayout): string {
    const props = ps.props;
    const seenNames = layout.names;
    const seenInfos = layout.infos;
    const seenKinds = layout.kinds;
    const leads = layout.leads;
    const seenTexts = layout.texts;
    const seenEscaped = layout.escaped;
    let lastValue = -1;
    let i = 0;
    for (const name in props) {
      const value = props[name] as PropValue;
      const kind = kindOf(value);
      let info: XmlName;
      if (seenNames[i] === name) {
        info = seenInfos[i] as XmlName;
        if (seenKinds[i] !== kind) {
          seenKinds[i] = kind;
          layout.forgetFrom(i);
        }
      } else {
        info = this.names.element(name);
        seenNames[i] = name;
        seenInfos[i] = info;
        seenKinds[i] = kind;
        seenTexts[i] = undefined;
        layout.checkedCount = -1;
        layout.forgetFrom(i);
      }
      // An empty element is part of the fixed text before the next value.
      if (kind === EMPTY) {
        i++;
        continue;
      }
      let lead = leads[i];
      if (lead === undefined) {
        lead = flatString(layout.fixedRun(lastValue, i) + (kind === TEXT ? info.open : ''));
        leads[i] = lead;
      }
      out += lead;
      if (kind === TEXT) {
        if (typeof value === 'string') {
          // The same text as the last time at this position: the same escaped text.
          const seen = seenTexts[i];
          if (seen === value) out += seenEscaped[i] as string;
          else {
            const escaped = escapeText(value, this.policy, info);
            // After a miss the text is not remembered, so the next value there is not compared: comparing two
            // different texts of one length (dates) reads them up to where they differ, and a position whose
            // text changes in every response pays for that every other time only (callgrind: -1.1%).
            seenTexts[i] = seen === undefined ? value : undefined;
            seenEscaped[i] = escaped;
            out += escaped;
          }
        } else out += String(value);
      } else out += this.value(info, value);
      lastValue = i;
      i++;
    }
    // `x` and `{DAV:}x` are one property: written twice, a reader would have to pick one. A propstat that names
    // exactly the properties of the last one checked, in the same order, holds the same set: no new check (an
    // `in` per property, a megamorphic lookup: about 5% of a large PROPFIND's server thread, by callgrind).
    if (i !== layout.checkedCount) {
      for (let j = 0; j < i; j++) {
        const bare = (seenInfos[j] as XmlName).bare;
        if (bare !== undefined && bare in props) throw duplicateProperty(seenNames[j] as string);
      }
      layout.checkedCount = i;
    }
    if (ps.error === undefined && ps.description === undefined) {
      // The fixed text after the last value and the propstat's end, remembered for the last layout and status.
      if (i === layout.endCount) {
        if (end ? ps.status === layout.finalStatus : ps.status === layout.closeStatus) {
          return out + (end ? layout.finalPiece : layout.closePiece);
        }
      } else {
        layout.endCount = i;
        layout.closeStatus = 0;
        layout.finalStatus = 0;
      }
      const close = `${layout.fixedRun(lastValue, i)}</D:prop>${statusElement(ps.status)}</D:propstat>`;
      if (end) {
        layout.finalStatus = ps.status;
        layout.finalPiece = flatString(`${close}</D:response>\n`);
        return out + layout.finalPiece;
      }
      layout.closeStatus = ps.status;
      layout.closePiece = flatString(close);
      return out + layout.closePiece;
    }
    out += `${layout.fixedRun(lastValue, i)}</D:prop>${statusElement(ps.status)}`;
    if (ps.error !== undefined) out += `<D:error>${this.content(ps.error, undefined)}</D:error>`;
    if (ps.description !== undefined) {
      if (typeof ps.description !== 'string') {
        throw new MultiStatusError(
          ErrorCodes.INVALID_VALUE,
          `Invalid propstat description: ${JSON.stringify(ps.description)}; expected a string.`,
        );
      }
      out += `<D:responsedescription>${escapeText(ps.description, this.policy, 'a description')}</D:responsedescription>`;
    }
    return end ? `${out}</D:propstat></D:response>\n` : `${out}</D:propstat>`;
  }

  private value(name: XmlName, value: PropValue): string {
    switch (typeof value) {
      case 'string':
        return value.length === 0 ? name.empty : name.open + escapeText(value, this.policy, name) + name.close;
      case 'number':
      case 'boolean':
        return name.open + String(value) + name.close;
      case 'object': {
        if (value === null) return name.empty;
        if (!Object.isFrozen(value)) return name.open + this.content(value, this.scopeOf(name)) + name.close;
        const known = this.frozen.get(value);
        if (known && known.name === name) return known.xml;
        const xml = name.open + this.content(value, this.scopeOf(name)) + name.close;
        if (known === false) return xml;
        // Flat, so that the copy in each response is one piece for the document's reader to copy. A value seen
        // before under another name is already known to be frozen all the way down.
        this.frozen.set(value, known !== undefined || isDeepFrozen(value) ? { name, xml: flatString(xml) } : false);
        return xml;
      }
      default:
        throw new MultiStatusError(
          ErrorCodes.INVALID_VALUE,
          `Invalid value for property ${name.qname}: a ${typeof value}. Values are text, null, or XML content (XmlElement or an array of XmlElement and strings).`,
        );
    }
  }

  /** The namespaces in scope inside a property's element: its own, unless it is declared on the root. */
  private scopeOf(name: XmlName): string[] | undefined {
    return name.decl === '' ? undefined : [name.ns];
  }

  private content(value: XmlValue, scope: string[] | undefined): string {
    if (Array.isArray(value)) {
      let out = '';
      for (const item of value) {
        out += typeof item === 'string' ? escapeText(item, this.policy, 'XML content') : this.element(item, scope);
      }
      return out;
    }
    return this.element(value, scope);
  }

  private element(el: XmlElement, scope: string[] | undefined): string {
    if (el === null || typeof el !== 'object' || Array.isArray(el) || typeof el.name !== 'string') {
      throw new MultiStatusError(
        ErrorCodes.INVALID_VALUE,
        `Invalid XML content: ${JSON.stringify(el)}. An element is { name, attrs?, children? } with a Clark name.`,
      );
    }
    const info = this.names.element(el.name);
    let open = `<${info.qname}`;
    if (info.decl !== '' && !inScope(scope, info.ns)) {
      open += info.decl;
      scope = scope ? [...scope, info.ns] : [info.ns];
    }
    const attrs = el.attrs;
    if (attrs !== undefined) {
      if (attrs === null || typeof attrs !== 'object' || Array.isArray(attrs)) {
        throw new MultiStatusError(
          ErrorCodes.INVALID_VALUE,
          `Invalid attrs of element ${el.name}: expected an object of Clark name to string.`,
        );
      }
      const seen: string[] = [];
      for (const key in attrs) {
        const a = this.names.attribute(key);
        const v = attrs[key];
        if (typeof v !== 'string') {
          throw new MultiStatusError(
            ErrorCodes.INVALID_VALUE,
            `Invalid value of attribute ${key} on element ${el.name}: ${JSON.stringify(v)}; expected a string.`,
          );
        }
        if (seen.includes(a.qname)) {
          throw new MultiStatusError(
            ErrorCodes.INVALID_NAME,
            `Attribute ${key} on element ${el.name} names the same attribute as another one.`,
          );
        }
        seen.push(a.qname);
        if (a.decl !== '' && !inScope(scope, a.ns)) {
          open += a.decl;
          scope = scope ? [...scope, a.ns] : [a.ns];
        }
        open += ` ${a.qname}="${escapeAttr(v, this.policy, `attribute ${key}`)}"`;
      }
    }
    const children = el.children;
    if (children === undefined || children.length === 0) return `${open}/>`;
    if (!Array.isArray(children)) {
      throw new MultiStatusError(
        ErrorCodes.INVALID_VALUE,
        `Invalid children of element ${el.name}: expected an array of XmlElement and strings.`,
      );
    }
    return `${open}>${this.content(children, scope)}</${info.qname}>`;
  }
}
