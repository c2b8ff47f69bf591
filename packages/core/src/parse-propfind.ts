import { ErrorCodes } from './errors';
import { readDocument } from './internal/xml-document';
import { ALLPROP, INCLUDE, PROP, PROPFIND, PROPNAME, type XmlName } from './internal/xml-names';
import { type XmlHandler, XmlStructureError } from './internal/xml-reader';
import {
  type ParseInput,
  type ParseLimits,
  type ParseOptions,
  REQUEST_BODY_PARSE_LIMITS,
  resolveParseLimits,
} from './parse-options';

/**
 * What a PROPFIND asks for (RFC 4918 §9.1): all properties (plus any named in `include`), only property names,
 * or the named properties. Names are Clark names (`{DAV:}getetag`).
 *
 * @example
 * const request: PropfindRequest = { type: 'prop', props: ['{DAV:}getetag', '{http://example.com/ns/}color'] };
 */
export type PropfindRequest =
  | { type: 'allprop'; include: string[] }
  | { type: 'propname' }
  | { type: 'prop'; props: string[] };

const IN_DOCUMENT = 0;
const IN_PROPFIND = 1;
const IN_LIST = 2;
const AFTER_ROOT = 3;

class PropfindHandler implements XmlHandler {
  level = IN_DOCUMENT;
  /** The codes of the request elements read: PROPNAME, ALLPROP, PROP. */
  readonly kinds: number[] = [];
  sawInclude = false;
  readonly props: string[] = [];
  readonly include: string[] = [];
  private list: string[] = this.props;
  private readonly seen = new Set<string>();
  private skipped = 0;

  constructor(private readonly limits: ParseLimits) {}

  open(name: XmlName): void {
    if (this.skipped > 0) {
      this.skipped++;
      return;
    }
    switch (this.level) {
      case IN_DOCUMENT:
        if (name.code !== PROPFIND) {
          throw new XmlStructureError(
            ErrorCodes.PARSE_WRONG_ROOT,
            `The root element is ${name.clark}; a PROPFIND body has {DAV:}propfind (RFC 4918 §14.20)`,
          );
        }
        this.level = IN_PROPFIND;
        return;
      case IN_PROPFIND:
        if (name.code === PROP || name.code === INCLUDE) {
          if (name.code === PROP) this.kinds.push(PROP);
          else this.sawInclude = true;
          this.list = name.code === PROP ? this.props : this.include;
          this.level = IN_LIST;
          return;
        }
        if (name.code === ALLPROP || name.code === PROPNAME) this.kinds.push(name.code);
        // Other elements are extensions, ignored (RFC 4918 §17).
        this.skipped = 1;
        return;
      case IN_LIST:
        // A property is named by its element; whatever it holds is ignored.
        if (!this.seen.has(name.clark)) {
          if (this.seen.size >= this.limits.maxEntries) {
            throw new XmlStructureError(
              ErrorCodes.PARSE_LIMIT,
              `The PROPFIND names more properties than maxEntries (${this.limits.maxEntries})`,
            );
          }
          this.seen.add(name.clark);
          this.list.push(name.clark);
        }
        this.skipped = 1;
        return;
    }
  }

  text(): void {}

  close(): void {
    if (this.skipped > 0) this.skipped--;
    else if (this.level === IN_LIST) this.level = IN_PROPFIND;
    else if (this.level === IN_PROPFIND) this.level = AFTER_ROOT;
  }
}

/**
 * Reads a PROPFIND request body (RFC 4918 §9.1, §14.20). An empty body means `allprop`; a body that is not
 * a well-formed `<D:propfind>` is a `MultiStatusParseError` with `status` 400, never taken as `allprop`.
 *
 * @example
 * const request = await parsePropfind(req); // or a string or Buffer
 * if (request.type === 'prop') console.log(request.props); // ['{DAV:}getetag']
 */
export async function parsePropfind(body: ParseInput, options?: ParseOptions): Promise<PropfindRequest> {
  const limits = resolveParseLimits(options, REQUEST_BODY_PARSE_LIMITS);
  const handler = new PropfindHandler(limits);
  const reader = await readDocument(body, handler, limits);
  if (!reader.sawRoot) {
    // RFC 4918 §9.1: "A client may choose not to submit a request body. An empty PROPFIND request body MUST
    // be treated as if it were an 'allprop' request."
    if (!reader.sawContent) return { type: 'allprop', include: [] };
    throw reader.error(ErrorCodes.PARSE_MALFORMED, 'The PROPFIND body has no root element; expected {DAV:}propfind');
  }
  const kinds = handler.kinds;
  if (kinds.length !== 1) {
    throw reader.error(
      ErrorCodes.PARSE_INVALID,
      `A propfind holds exactly one of <D:propname>, <D:allprop> or <D:prop> (RFC 4918 §14.20); this one holds ${kinds.length}`,
    );
  }
  if (handler.sawInclude && kinds[0] !== ALLPROP) {
    throw reader.error(ErrorCodes.PARSE_INVALID, '<D:include> goes only with <D:allprop> (RFC 4918 §14.8)');
  }
  if (kinds[0] === PROPNAME) return { type: 'propname' };
  if (kinds[0] === ALLPROP) return { type: 'allprop', include: handler.include };
  return { type: 'prop', props: handler.props };
}
