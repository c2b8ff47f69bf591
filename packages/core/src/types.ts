/**
 * An XML element as plain data: Clark-named (`{namespace}local`), so it can be written by hand, produced
 * by the parser and compared with `deepEqual`.
 *
 * @example
 * const collection: XmlElement = { name: '{DAV:}collection' };
 */
export interface XmlElement {
  /** Clark name. A bare name means the `DAV:` namespace; `{}name` means no namespace. */
  name: string;
  /** Attributes by Clark name. A bare attribute name has no namespace (as in XML). */
  attrs?: Record<string, string>;
  children?: Array<XmlElement | string>;
}

/**
 * XML content: one element, or a list of elements and text.
 *
 * @example
 * const error: XmlValue = { name: '{DAV:}lock-token-submitted', children: [{ name: '{DAV:}href', children: ['/locked/'] }] };
 */
export type XmlValue = XmlElement | Array<XmlElement | string>;

/**
 * A property value: text (string, number, boolean), `null` for an empty element, or XML content.
 *
 * @example
 * const props: Record<string, PropValue> = { getcontentlength: 1234, resourcetype: { name: '{DAV:}collection' } };
 */
export type PropValue = string | number | boolean | null | XmlValue;

/**
 * One `<D:propstat>`: properties that share a status.
 *
 * @example
 * const found: PropStat = { status: 200, props: { displayname: 'Report' } };
 */
export interface PropStat {
  status: number;
  /** Properties by Clark name; a bare name means `{DAV:}name`. */
  props: Record<string, PropValue>;
  /** `<D:error>` content for this propstat. */
  error?: XmlValue;
  /** `<D:responsedescription>` for this propstat. */
  description?: string;
}

/** The members every entry may have, whichever form its status takes. */
export interface EntryBase {
  /** The resource; required and non-empty. Percent-encoded on output where needed, never twice. */
  href: string;
  /** Required with a redirect status (3xx other than 304); becomes `<D:location><D:href>`. */
  location?: string;
  /** `<D:error>` content: precondition or postcondition elements. */
  error?: XmlValue;
  /** `<D:responsedescription>`. */
  description?: string;
  /** A per-item payload for REST batch endpoints. */
  body?: unknown;
  /** An optional client-chosen identifier (batch requests). */
  id?: string;
  /** Response header fields of a REST batch item, by lower-case name (`etag`, `content-type`, `retry-after`). */
  headers?: Record<string, string>;
}

/** An entry whose status is that of the resource as a whole. */
export interface StatusEntry extends EntryBase {
  status: number;
  propstat?: never;
}

/** An entry with per-property statuses (PROPFIND, PROPPATCH). */
export interface PropStatEntry extends EntryBase {
  propstat: PropStat[];
  status?: never;
}

/**
 * One `<D:response>`: a resource and its outcome, either as one `status` or as `propstat`s.
 *
 * @example
 * const entries: Entry[] = [
 *   { href: '/a', status: 201 },
 *   { href: '/b', propstat: [{ status: 200, props: { displayname: 'B' } }] },
 * ];
 */
export type Entry = StatusEntry | PropStatEntry;

/**
 * What a 207 can be built from: a list, any iterable, or an async iterable of entries. An async iterable may
 * also yield batches (arrays or other iterables of entries), as a paged data source delivers them: the entries
 * of a batch are read one by one, without an await each.
 */
export type EntrySource = Iterable<Entry> | AsyncIterable<Entry | Iterable<Entry>>;

/** What a synchronous render can be built from. */
export type SyncEntrySource = Iterable<Entry>;

/** The two body formats. */
export type MultiStatusFormat = 'xml' | 'json';

/** What to do with characters XML 1.0 cannot carry (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
export type InvalidCharsPolicy = 'replace' | 'strip' | 'throw';

/**
 * Options shared by every serialiser.
 *
 * @example
 * renderMultiStatus(entries, { format: 'xml', namespaces: { E: 'http://example.com/ns/' } });
 */
export interface SerializeOptions {
  /** `'xml'` (default) or `'json'`. */
  format?: MultiStatusFormat;
  /** Namespaces declared once on the root, by prefix: `{ E: 'http://example.com/ns/' }`. */
  namespaces?: Record<string, string>;
  /** Policy for characters XML 1.0 cannot carry; default `'replace'` (U+FFFD). */
  invalidChars?: InvalidCharsPolicy;
  /** The multistatus-level `<D:responsedescription>` (JSON: `description`). */
  description?: string;
  /** Drop 404 propstats (RFC 8144 `Prefer: return=minimal`, `Brief: t`). Default false. */
  minimal?: boolean;
}
