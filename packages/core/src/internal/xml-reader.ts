import sax from 'sax';
import { type ErrorCode, ErrorCodes, MultiStatusParseError } from '../errors';
import type { ParseLimits } from '../parse-options';
import { isXmlWhitespace } from './xml-content';
import { makeXmlName, XML_NS, XMLNS_NS, type XmlName } from './xml-names';

/** What a reader reports: elements with resolved names, text, and element ends. */
export interface XmlHandler {
  /** An element starts. `attrs` holds its non-`xmlns` attributes by Clark name, or is undefined if none. */
  open(name: XmlName, attrs: Record<string, string> | undefined): void;
  /** Text (character data, CDATA, references already replaced); a run may arrive in several pieces. */
  text(text: string): void;
  /** The innermost open element ends. */
  close(): void;
}

/** A problem a handler finds in the document's structure; the reader adds the position. */
export class XmlStructureError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * sax keeps its state on the parser object; these are the fields read or set here. They are not sax's public API,
 * which is why packages/core/package.json takes sax patch releases only (`~`): a new minor is read first.
 */
interface SaxState {
  state: number;
  doctype: string | boolean;
  sgmlDecl: string;
  line: number;
  column: number;
  position: number;
  trackPosition: boolean;
  tags: unknown[];
  tag: { name: string; attributes: Record<string, string> } | null;
  attribList: AttribList;
}

/**
 * Stands in for sax's `attribList`, with the array operations sax performs on it. sax fills that list only in its
 * xmlns mode, which the reader does not use, yet empties it with `attribList.length = 0` up to four times per
 * element: on an array each of those is a call into V8's runtime (the length setter), and replacing the array
 * with this list, whose `length` is a plain field, made parsing about 10% faster. It still works as the array
 * did if sax ever fills it.
 */
class AttribList {
  length = 0;
  [index: number]: unknown;

  /**
   * sax asks `attribList.indexOf(name)` for every attribute it reads, just before it checks the tag's attributes
   * for the same name and, finding it, silently drops the second value. The reader listens here to refuse such a
   * document instead (XML 1.0 §3.1, well-formedness constraint "Unique Att Spec").
   */
  constructor(private readonly onLookup?: (name: unknown) => void) {}

  push(item: unknown): number {
    this[this.length] = item;
    return ++this.length;
  }

  indexOf(item: unknown): number {
    this.onLookup?.(item);
    for (let i = 0; i < this.length; i++) if (this[i] === item) return i;
    return -1;
  }

  slice(): AttribList {
    const copy = new AttribList();
    for (let i = 0; i < this.length; i++) copy.push(this[i]);
    return copy;
  }
}

/** The options of every sax parser here. strictEntities: only the five XML entities, never HTML's list. */
const SAX_OPTIONS = { strictEntities: true, xmlns: false } as sax.SAXOptions;

/** The handler slots sax calls that the reader uses; a replay replaces each of them. */
const EVENTS = [
  'onopentag',
  'onattribute',
  'onclosetag',
  'ontext',
  'oncdata',
  'ondoctype',
  'onsgmldeclaration',
  'onerror',
] as const;

/** Thrown by a replay's handlers when it reaches the event where the real parse failed. */
const REPLAY_STOP = Symbol('replay stop');

/** A copy of a sax parser's state, deep enough that writing to the parser does not change it. */
function snapshotOf(state: SaxState): SaxState {
  const copy = { ...state };
  copy.tags = state.tags.slice();
  copy.attribList = state.attribList.slice();
  if (state.tag) copy.tag = { ...state.tag, attributes: { ...state.tag.attributes } };
  return copy;
}

/** Moves `at` to the end of `text`, counting as sax does: 0-based lines, column = characters since the last LF. */
function advance(at: { line: number; column: number }, text: string): void {
  let lf = text.indexOf('\n');
  if (lf === -1) {
    at.column += text.length;
    return;
  }
  let last = lf;
  while (lf !== -1) {
    at.line++;
    last = lf;
    lf = text.indexOf('\n', lf + 1);
  }
  at.column = text.length - last - 1;
}

/** Text is handed to sax in slices this long, so its buffer checks (and ours) run often. */
export const SLICE_LENGTH = 64 * 1024;

// sax's state numbers, which its type declarations leave out.
const STATE = (sax as unknown as { STATE: Record<string, number> }).STATE;
const DOCTYPE_STATES = new Set([STATE.DOCTYPE, STATE.DOCTYPE_QUOTED, STATE.DOCTYPE_DTD, STATE.DOCTYPE_DTD_QUOTED]);
const SGML_STATES = new Set([STATE.SGML_DECL, STATE.SGML_DECL_QUOTED]);

/** Whether the text after `<!` can still become a comment or a CDATA section (anything else is a declaration). */
function mayBeCommentOrCdata(decl: string): boolean {
  return '--'.startsWith(decl) || '[CDATA['.startsWith(decl.toUpperCase());
}

/** Qualified names longer than this are resolved each time instead of cached. */
const CACHED_NAME_LENGTH = 64;
/** A cache bucket is emptied when it holds this many names, so hostile documents cannot grow it without bound. */
const BUCKET_SIZE = 8;

/** A qualified name as sax gave it, and what it resolved to. */
interface CachedName {
  readonly qname: string;
  readonly name: XmlName;
}

/**
 * The namespace bindings in force from one element down, with a cache of names resolved under them. The cache
 * is a few names per length, compared with `===`: sax builds a name a character at a time, so a hash lookup
 * would first copy it into a flat string and hash it (several percent of the parse), where a comparison with
 * the few cached names of the same length walks it in place.
 */
class Scope {
  private readonly buckets: CachedName[][] = [];
  constructor(
    readonly bindings: Map<string, string>,
    readonly depth: number,
  ) {}

  get(qname: string): XmlName | undefined {
    const bucket = this.buckets[qname.length];
    if (bucket === undefined) return undefined;
    for (let i = 0; i < bucket.length; i++) {
      const cached = bucket[i] as CachedName;
      if (cached.qname === qname) return cached.name;
    }
    return undefined;
  }

  set(qname: string, name: XmlName): void {
    const length = qname.length;
    if (length > CACHED_NAME_LENGTH) return;
    let bucket = this.buckets[length];
    if (bucket === undefined) {
      bucket = [];
      this.buckets[length] = bucket;
    } else if (bucket.length >= BUCKET_SIZE) {
      bucket.length = 0;
    }
    bucket.push({ qname, name });
  }
}

/** Whitespace only, or a byte order mark and whitespace. */
function isBlank(text: string): boolean {
  return isXmlWhitespace(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

function isNameSplitValid(prefix: string, local: string): boolean {
  return prefix.length > 0 && local.length > 0 && local.indexOf(':') === -1;
}

/**
 * A namespace-aware XML reader on top of `sax` in strict mode with `xmlns: false`: namespaces are resolved
 * here, with a per-scope cache, which is much cheaper than sax's own per-event resolution. It refuses any
 * DOCTYPE or markup declaration (so no entity is ever defined, expanded or fetched), expands only the five
 * predefined entities and character references, and enforces depth and text-length limits as it goes.
 */
export class XmlReader {
  /** Whether the root element has started. */
  sawRoot = false;
  /** Whether anything but whitespace was read (so a document without a root element was not empty). */
  sawContent = false;
  private readonly parser: sax.SAXParser;
  private readonly state: SaxState;
  private depth = 0;
  private textRun = 0;
  /** Set by sax's attribute events, so elements without attributes skip attribute handling. */
  private hasAttributes = false;
  /** An attribute name sax met twice in the start-tag being read (it keeps the first value and says nothing). */
  private repeated: string | undefined;
  private scope: Scope = new Scope(new Map(), 0);
  private readonly scopes: Scope[] = [];
  private failure: MultiStatusParseError | undefined;
  /**
   * sax runs with position tracking off (counting lines and columns character by character costs it several
   * percent); the reader counts them per slice instead, and finds an error's exact position by replaying the
   * failing slice from a copy of the parser's state on a tracking parser. `at` is the end of the text written.
   */
  private readonly at = { line: 0, column: 0 };
  /** Handler calls in the current slice, so a replay can stop at the one that failed. */
  private events = 0;
  /** The position of an error found inside a slice, by replay. */
  private errorAt: { line: number; column: number } | undefined;
  /** The error sax gave, with its position, when the replay stopped at one. */
  private replayCause: unknown;

  constructor(
    private readonly handler: XmlHandler,
    private readonly limits: ParseLimits,
  ) {
    // Made as a tracking parser, then switched off: the parser object keeps the same shape as any other sax
    // parser in the process, so sax's code stays monomorphic when other code uses sax with positions on.
    const parser = sax.parser(true, { ...SAX_OPTIONS, position: true });
    this.parser = parser;
    this.state = parser as unknown as SaxState;
    this.state.trackPosition = false;
    // sax still compares `position` with the point of its next buffer-length check; the reader keeps it per slice.
    this.state.position = 0;
    this.state.attribList = new AttribList((name) => {
      const tag = this.state.tag;
      if (tag !== null && typeof name === 'string' && Object.hasOwn(tag.attributes, name)) this.repeated ??= name;
    });
    parser.onopentag = (tag) => {
      this.events++;
      if (this.repeated !== undefined) {
        // Reported when the start-tag ends: an event, so that the replay finds this position too.
        const name = this.repeated;
        this.repeated = undefined;
        throw new XmlStructureError(
          ErrorCodes.PARSE_MALFORMED,
          `Attribute "${name}" is given twice in one start-tag (XML 1.0 §3.1: an attribute name must not appear twice)`,
        );
      }
      this.onOpen(tag as sax.Tag);
    };
    parser.onattribute = () => {
      this.events++;
      this.hasAttributes = true;
    };
    parser.onclosetag = () => {
      this.events++;
      this.onClose();
    };
    parser.ontext = (text) => {
      this.events++;
      this.onText(text);
    };
    parser.oncdata = (text) => {
      this.events++;
      this.onText(text);
    };
    parser.ondoctype = () => {
      this.events++;
      throw this.doctypeError();
    };
    // `<!ENTITY …>`, `<!ELEMENT …>` and friends outside a DOCTYPE are markup declarations too.
    parser.onsgmldeclaration = () => {
      this.events++;
      throw this.doctypeError();
    };
    parser.onerror = (err) => {
      this.events++;
      throw err;
    };
  }

  /** Parses more text; throws a {@link MultiStatusParseError} at the first problem. */
  write(text: string): void {
    if (this.failure) throw this.failure;
    if (!this.sawContent && !isBlank(text)) this.sawContent = true;
    try {
      if (text.length <= SLICE_LENGTH) {
        this.writeSlice(text);
      } else {
        for (let i = 0; i < text.length; i += SLICE_LENGTH) this.writeSlice(text.slice(i, i + SLICE_LENGTH));
      }
      // A declaration longer than what has been written so far has not been reported by sax yet (and sax
      // swallows the rest of the document into an `<!ENTITY …>` that has a quoted value).
      const { state, doctype, sgmlDecl } = this.state;
      if (
        DOCTYPE_STATES.has(state) ||
        doctype === true ||
        (typeof doctype === 'string' && doctype !== '') ||
        (SGML_STATES.has(state) && !mayBeCommentOrCdata(sgmlDecl))
      ) {
        throw this.doctypeError();
      }
    } catch (err) {
      throw this.fail(err);
    }
  }

  private writeSlice(text: string): void {
    const before = snapshotOf(this.state);
    this.events = 0;
    // Where sax's own count would be at the end of this write, when it checks its buffers.
    this.state.position += text.length;
    try {
      this.parser.write(text);
    } catch (err) {
      this.replay(before, text, this.events);
      throw err;
    }
    advance(this.at, text);
  }

  /**
   * Writes `text` again, from the state before it, on a parser that tracks positions and whose handlers only
   * count calls, up to the call that failed: its line and column are the error's.
   */
  private replay(before: SaxState, text: string, failedAt: number): void {
    const replay = sax.parser(true, { ...SAX_OPTIONS, position: true });
    Object.assign(replay, before, { trackPosition: true, line: this.at.line, column: this.at.column });
    let events = 0;
    const stop = (arg?: unknown) => {
      if (++events === failedAt) {
        if (arg instanceof Error) this.replayCause = arg;
        throw REPLAY_STOP;
      }
    };
    const slots = replay as unknown as Record<string, unknown>;
    for (const event of EVENTS) slots[event] = stop;
    try {
      replay.write(text);
    } catch (err) {
      if (err !== REPLAY_STOP) return;
      const state = replay as unknown as SaxState;
      this.errorAt = { line: state.line, column: state.column };
    }
  }

  /** Ends the input: throws if the document is truncated. Whether there was a root at all is `sawRoot`. */
  end(): void {
    if (this.failure) throw this.failure;
    try {
      this.parser.close();
    } catch (err) {
      throw this.fail(err);
    }
    // sax starts over once closed, at line 1, column 1: errors reported after the end point there, as before.
    this.at.line = 0;
    this.at.column = 0;
  }

  /** A parse error at the current position (for problems found outside the XML, such as bad bytes). */
  error(code: ErrorCode, message: string): MultiStatusParseError {
    return this.fail(new XmlStructureError(code, message));
  }

  private doctypeError(): XmlStructureError {
    return new XmlStructureError(
      ErrorCodes.PARSE_DOCTYPE,
      'The document declares a DOCTYPE or entity. Declarations are refused so that no entity is ever expanded ' +
        'or fetched (billion laughs, external entities)',
    );
  }

  private fail(err: unknown): MultiStatusParseError {
    if (this.failure) return this.failure;
    let failure: MultiStatusParseError;
    const at = this.errorAt ?? this.at;
    const position = { line: at.line + 1, column: Math.max(1, at.column) };
    if (err instanceof MultiStatusParseError) {
      failure = err;
    } else if (err instanceof XmlStructureError) {
      failure = new MultiStatusParseError(err.code, err.message, position);
    } else {
      const first = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
      // sax refuses any name, comment or attribute value longer than its buffer limit (64 KiB).
      const code = first.startsWith('Max buffer length') ? ErrorCodes.PARSE_LIMIT : ErrorCodes.PARSE_MALFORMED;
      // The replay's error is the one sax gives with its position, as when it tracks positions.
      failure = new MultiStatusParseError(code, `The document is not well-formed XML: ${first}`, position, {
        cause: this.replayCause ?? err,
      });
    }
    this.failure = failure;
    return failure;
  }

  private onOpen(tag: sax.Tag): void {
    if (++this.depth > this.limits.maxDepth) {
      throw new XmlStructureError(
        ErrorCodes.PARSE_LIMIT,
        `Elements are nested deeper than maxDepth (${this.limits.maxDepth})`,
      );
    }
    this.textRun = 0;
    if (this.depth === 1) {
      if (this.sawRoot) {
        throw new XmlStructureError(ErrorCodes.PARSE_MALFORMED, 'The document has more than one root element');
      }
      this.sawRoot = true;
    }
    let attrs: Record<string, string> | undefined;
    if (this.hasAttributes) {
      this.hasAttributes = false;
      attrs = this.readAttributes(tag.attributes);
    }
    const scope = this.scope;
    let name = scope.get(tag.name);
    if (name === undefined) {
      name = this.resolve(tag.name);
      scope.set(tag.name, name);
    }
    this.handler.open(name, attrs);
  }

  private onClose(): void {
    this.textRun = 0;
    this.handler.close();
    if (this.scope.depth === this.depth) this.scope = this.scopes.pop() ?? this.scope;
    this.depth--;
  }

  private onText(text: string): void {
    this.textRun += text.length;
    if (this.textRun > this.limits.maxTextLength) {
      throw new XmlStructureError(
        ErrorCodes.PARSE_LIMIT,
        `A text node is longer than maxTextLength (${this.limits.maxTextLength} characters)`,
      );
    }
    this.handler.text(text);
  }

  /** Applies the element's `xmlns` declarations, then returns its other attributes by Clark name. */
  private readAttributes(raw: Record<string, string>): Record<string, string> | undefined {
    let bindings: Map<string, string> | undefined;
    let others = false;
    for (const key in raw) {
      let prefix: string;
      if (key === 'xmlns') prefix = '';
      else if (key.startsWith('xmlns:')) prefix = key.slice(6);
      else {
        others = true;
        continue;
      }
      const uri = raw[key] ?? '';
      this.checkBinding(prefix, uri);
      bindings ??= new Map(this.scope.bindings);
      bindings.set(prefix, uri);
    }
    if (bindings) {
      this.scopes.push(this.scope);
      this.scope = new Scope(bindings, this.depth);
    }
    if (!others) return undefined;
    const attrs: Record<string, string> = {};
    for (const key in raw) {
      if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
      const value = raw[key] ?? '';
      const colon = key.indexOf(':');
      let name = key;
      if (colon !== -1) {
        const prefix = key.slice(0, colon);
        const local = key.slice(colon + 1);
        if (!isNameSplitValid(prefix, local)) {
          throw new XmlStructureError(ErrorCodes.PARSE_MALFORMED, `Invalid qualified attribute name "${key}"`);
        }
        name = `{${this.namespaceOf(prefix, key)}}${local}`;
      }
      if (Object.hasOwn(attrs, name)) {
        throw new XmlStructureError(ErrorCodes.PARSE_MALFORMED, `Attribute "${key}" is given twice on one element`);
      }
      // A plain assignment to `__proto__` would be lost (it sets the prototype); define it as data instead.
      Object.defineProperty(attrs, name, { value, enumerable: true, writable: true, configurable: true });
    }
    return attrs;
  }

  private checkBinding(prefix: string, uri: string): void {
    // Namespaces in XML 1.0 §3: `xml` is bound to its namespace only, `xmlns` never, and neither namespace
    // may be bound to another prefix. An empty URI undeclares the default namespace only.
    const bad =
      prefix === 'xmlns' ||
      (prefix === 'xml' && uri !== XML_NS) ||
      (prefix !== 'xml' && uri === XML_NS) ||
      uri === XMLNS_NS ||
      (prefix !== '' && uri === '');
    if (bad) {
      throw new XmlStructureError(
        ErrorCodes.PARSE_MALFORMED,
        `Invalid namespace declaration: ${prefix === '' ? 'xmlns' : `xmlns:${prefix}`}="${uri}"`,
      );
    }
  }

  private namespaceOf(prefix: string, qname: string): string {
    if (prefix === 'xml') return XML_NS;
    const uri = this.scope.bindings.get(prefix);
    if (uri === undefined || prefix === 'xmlns') {
      throw new XmlStructureError(ErrorCodes.PARSE_MALFORMED, `Unbound namespace prefix "${prefix}" in "${qname}"`);
    }
    return uri;
  }

  private resolve(qname: string): XmlName {
    const colon = qname.indexOf(':');
    if (colon === -1) return makeXmlName(this.scope.bindings.get('') ?? '', qname);
    const prefix = qname.slice(0, colon);
    const local = qname.slice(colon + 1);
    if (!isNameSplitValid(prefix, local)) {
      throw new XmlStructureError(ErrorCodes.PARSE_MALFORMED, `Invalid qualified element name "${qname}"`);
    }
    return makeXmlName(this.namespaceOf(prefix, qname), local);
  }
}
