import { ErrorCodes } from '../errors';
import type { ParseLimits } from '../parse-options';
import type { Entry, PropStat, PropValue, XmlValue } from '../types';
import { ContentBuilder } from './xml-content';
import {
  ERROR,
  EXT_BODY,
  EXT_HEADERS,
  EXT_ID,
  HREF,
  LOCATION,
  MULTISTATUS,
  PROP,
  PROPSTAT,
  RESPONSE,
  RESPONSEDESCRIPTION,
  STATUS,
  type XmlName,
} from './xml-names';
import { type XmlHandler, XmlStructureError } from './xml-reader';
import { parseStatusLine } from './xml-status-line';

// Where the reader is in RFC 4918 §14.16's structure: multistatus > response > propstat > prop.
const IN_DOCUMENT = 0;
const IN_MULTISTATUS = 1;
const IN_RESPONSE = 2;
const IN_PROPSTAT = 3;
const IN_PROP = 4;
const IN_LOCATION = 5;
const AFTER_ROOT = 6;

// What the events of the current element's subtree go to.
const STRUCTURE = 0;
const SKIP = 1;
const TEXT = 2;
const CONTENT = 3;

// Which field a text element fills.
const T_MULTISTATUS_DESCRIPTION = 0;
const T_HREF = 1;
const T_STATUS = 2;
const T_RESPONSE_DESCRIPTION = 3;
const T_LOCATION_HREF = 4;
const T_ID = 5;
const T_BODY = 6;
const T_HEADERS = 9;
const T_PROPSTAT_STATUS = 7;
const T_PROPSTAT_DESCRIPTION = 8;

// Which field an XML content element fills.
const C_PROP = 0;
const C_RESPONSE_ERROR = 1;
const C_PROPSTAT_ERROR = 2;

function invalid(message: string): XmlStructureError {
  return new XmlStructureError(ErrorCodes.PARSE_INVALID, message);
}

/**
 * Reads a `<D:multistatus>` document into entries (RFC 4918 §13, §14.16), handing each to `onEntry` as soon
 * as its `</D:response>` is read. Unknown elements are ignored (§17), except where the model has a field.
 */
export class MultiStatusHandler implements XmlHandler {
  /** The multistatus-level `<D:responsedescription>`. */
  description: string | undefined;
  private level = IN_DOCUMENT;
  private mode = STRUCTURE;
  /** Open elements in a skipped or text subtree, the first one included. */
  private nested = 0;
  private target = 0;
  private buffer = '';
  private readonly content = new ContentBuilder();
  private propName = '';
  private count = 0;

  /** The hrefs of the current response: the first `hrefCount` items (the array is reused from response to response). */
  private readonly hrefs: string[] = [];
  private hrefCount = 0;
  private status: number | undefined;
  private propstat: PropStat[] | undefined;
  private error: XmlValue | undefined;
  private responseDescription: string | undefined;
  private location: string | undefined;
  private id: string | undefined;
  private body: unknown;
  private hasBody = false;
  private headers: Record<string, string> | undefined;

  private props: Record<string, PropValue> = {};
  private propstatStatus: number | undefined;
  private propstatError: XmlValue | undefined;
  private propstatDescription: string | undefined;

  constructor(
    private readonly onEntry: (entry: Entry) => void,
    private readonly limits: ParseLimits,
  ) {}

  open(name: XmlName, attrs: Record<string, string> | undefined): void {
    const mode = this.mode;
    if (mode === CONTENT) {
      this.content.open(name, attrs);
      return;
    }
    if (mode !== STRUCTURE) {
      this.nested++;
      return;
    }
    const code = name.code;
    switch (this.level) {
      case IN_PROP:
        this.mode = CONTENT;
        this.target = C_PROP;
        this.propName = name.clark;
        this.content.reset();
        return;
      case IN_PROPSTAT:
        if (code === PROP) this.level = IN_PROP;
        else if (code === STATUS) this.startText(T_PROPSTAT_STATUS);
        else if (code === ERROR) this.startContent(C_PROPSTAT_ERROR);
        else if (code === RESPONSEDESCRIPTION) this.startText(T_PROPSTAT_DESCRIPTION);
        else this.skip();
        return;
      case IN_RESPONSE:
        if (code === HREF) this.startText(T_HREF);
        else if (code === PROPSTAT) this.startPropstat();
        else if (code === STATUS) this.startText(T_STATUS);
        else if (code === ERROR) this.startContent(C_RESPONSE_ERROR);
        else if (code === RESPONSEDESCRIPTION) this.startText(T_RESPONSE_DESCRIPTION);
        else if (code === LOCATION) this.level = IN_LOCATION;
        else if (code === EXT_ID) this.startText(T_ID);
        else if (code === EXT_BODY) this.startText(T_BODY);
        else if (code === EXT_HEADERS) this.startText(T_HEADERS);
        else this.skip();
        return;
      case IN_MULTISTATUS:
        if (code === RESPONSE) this.startResponse();
        else if (code === RESPONSEDESCRIPTION) this.startText(T_MULTISTATUS_DESCRIPTION);
        else this.skip();
        return;
      case IN_LOCATION:
        if (code === HREF) this.startText(T_LOCATION_HREF);
        else this.skip();
        return;
      case IN_DOCUMENT:
        if (code !== MULTISTATUS) {
          throw new XmlStructureError(
            ErrorCodes.PARSE_WRONG_ROOT,
            `The root element is ${name.clark}; a multistatus body has {DAV:}multistatus (RFC 4918 §14.16)`,
          );
        }
        this.level = IN_MULTISTATUS;
        return;
      default:
        this.skip();
    }
  }

  text(text: string): void {
    if (this.mode === TEXT) this.buffer += text;
    else if (this.mode === CONTENT) this.content.text(text);
  }

  close(): void {
    switch (this.mode) {
      case CONTENT:
        if (this.content.depth > 0) this.content.close();
        else this.endContent();
        return;
      case TEXT:
        if (--this.nested === 0) this.endText();
        return;
      case SKIP:
        if (--this.nested === 0) this.mode = STRUCTURE;
        return;
    }
    switch (this.level) {
      case IN_PROP:
        this.level = IN_PROPSTAT;
        return;
      case IN_PROPSTAT:
        this.endPropstat();
        this.level = IN_RESPONSE;
        return;
      case IN_LOCATION:
        this.level = IN_RESPONSE;
        return;
      case IN_RESPONSE:
        this.endResponse();
        this.level = IN_MULTISTATUS;
        return;
      case IN_MULTISTATUS:
        this.level = AFTER_ROOT;
        return;
    }
  }

  private skip(): void {
    this.mode = SKIP;
    this.nested = 1;
  }

  private startText(target: number): void {
    this.mode = TEXT;
    this.nested = 1;
    this.target = target;
    this.buffer = '';
  }

  private startContent(target: number): void {
    this.mode = CONTENT;
    this.target = target;
    this.content.reset();
  }

  private endText(): void {
    this.mode = STRUCTURE;
    const text = this.buffer;
    this.buffer = '';
    switch (this.target) {
      case T_HREF: {
        // Hrefs are percent-encoded URI references (RFC 4918 §8.3), so surrounding whitespace is layout.
        const href = text.trim();
        if (href === '') throw invalid('A <D:href> in a response is empty (RFC 4918 §14.7)');
        this.hrefs[this.hrefCount++] = href;
        return;
      }
      case T_STATUS:
        if (this.status !== undefined) throw invalid('A response has more than one <D:status> (RFC 4918 §14.24)');
        this.status = this.statusOf(text);
        return;
      case T_PROPSTAT_STATUS:
        if (this.propstatStatus !== undefined) {
          throw invalid('A propstat has more than one <D:status> (RFC 4918 §14.22)');
        }
        this.propstatStatus = this.statusOf(text);
        return;
      case T_RESPONSE_DESCRIPTION:
        if (text !== '') this.responseDescription = text;
        return;
      case T_PROPSTAT_DESCRIPTION:
        if (text !== '') this.propstatDescription = text;
        return;
      case T_MULTISTATUS_DESCRIPTION:
        if (text !== '') this.description = text;
        return;
      case T_LOCATION_HREF: {
        const location = text.trim();
        if (location !== '') this.location = location;
        return;
      }
      case T_ID:
        this.id = text;
        return;
      case T_BODY:
        try {
          this.body = JSON.parse(text);
        } catch {
          throw invalid('An <M:body> (urn:multistatus:ext) does not hold JSON text');
        }
        this.hasBody = true;
        return;
      case T_HEADERS: {
        let headers: unknown;
        try {
          headers = JSON.parse(text);
        } catch {
          throw invalid('An <M:headers> (urn:multistatus:ext) does not hold JSON text');
        }
        if (
          headers === null ||
          typeof headers !== 'object' ||
          Array.isArray(headers) ||
          !Object.values(headers).every((v) => typeof v === 'string')
        ) {
          throw invalid('An <M:headers> (urn:multistatus:ext) does not hold a JSON object of strings');
        }
        this.headers = headers as Record<string, string>;
        return;
      }
    }
  }

  private statusOf(text: string): number {
    const status = parseStatusLine(text);
    if (status === undefined) {
      const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
      throw invalid(`${JSON.stringify(shown)} is not an HTTP status line such as "HTTP/1.1 200 OK" (RFC 4918 §14.28)`);
    }
    return status;
  }

  private endContent(): void {
    this.mode = STRUCTURE;
    switch (this.target) {
      case C_PROP: {
        // Clark names start with "{", so no inherited member of Object.prototype can match, and a property's
        // value is never undefined: a plain read finds duplicates, cheaper than Object.hasOwn.
        const props = this.props;
        const name = this.propName;
        if (props[name] !== undefined) throw invalid(`Property ${name} appears twice in one propstat`);
        props[name] = this.content.value();
        return;
      }
      case C_RESPONSE_ERROR:
        this.error = this.content.xml();
        return;
      case C_PROPSTAT_ERROR:
        this.propstatError = this.content.xml();
        return;
    }
  }

  private startResponse(): void {
    this.level = IN_RESPONSE;
    this.hrefCount = 0;
    // A response with a long list of hrefs does not keep them alive until the end of the document.
    if (this.hrefs.length > 64) this.hrefs.length = 0;
    this.status = undefined;
    this.propstat = undefined;
    this.error = undefined;
    this.responseDescription = undefined;
    this.location = undefined;
    this.id = undefined;
    this.body = undefined;
    this.hasBody = false;
    this.headers = undefined;
  }

  private startPropstat(): void {
    this.level = IN_PROPSTAT;
    this.props = {};
    this.propstatStatus = undefined;
    this.propstatError = undefined;
    this.propstatDescription = undefined;
  }

  private endPropstat(): void {
    if (this.propstatStatus === undefined) throw invalid('A propstat has no <D:status> (RFC 4918 §14.22)');
    const ps: PropStat = { status: this.propstatStatus, props: this.props };
    if (this.propstatError !== undefined) ps.error = this.propstatError;
    if (this.propstatDescription !== undefined) ps.description = this.propstatDescription;
    if (this.propstat === undefined) this.propstat = [ps];
    else this.propstat.push(ps);
  }

  private endResponse(): void {
    const hrefs = this.hrefs;
    const count = this.hrefCount;
    if (count === 0) throw invalid('A response has no <D:href> (RFC 4918 §14.24)');
    if (this.status === undefined && this.propstat === undefined) {
      throw invalid('A response has neither <D:status> nor <D:propstat> (RFC 4918 §14.24)');
    }
    if (this.status !== undefined && this.propstat !== undefined) {
      throw invalid('A response has both <D:status> and <D:propstat> (RFC 4918 §14.24)');
    }
    // RFC 4918 §14.24: several hrefs share one status; each becomes an entry of its own.
    for (let i = 0; i < count; i++) {
      if (++this.count > this.limits.maxEntries) {
        throw new XmlStructureError(
          ErrorCodes.PARSE_LIMIT,
          `The document has more entries than maxEntries (${this.limits.maxEntries})`,
        );
      }
      this.onEntry(this.makeEntry(hrefs[i] as string, i > 0));
    }
  }

  private makeEntry(href: string, copy: boolean): Entry {
    // Entries that share one response get their own copies, so changing one never changes another.
    const entry: Entry =
      this.status !== undefined
        ? { href, status: this.status }
        : { href, propstat: copy ? structuredClone(this.propstat as PropStat[]) : (this.propstat as PropStat[]) };
    if (this.error !== undefined) entry.error = copy ? structuredClone(this.error) : this.error;
    if (this.responseDescription !== undefined) entry.description = this.responseDescription;
    if (this.location !== undefined) entry.location = this.location;
    if (this.id !== undefined) entry.id = this.id;
    if (this.headers !== undefined) entry.headers = copy ? { ...this.headers } : this.headers;
    if (this.hasBody) entry.body = copy ? structuredClone(this.body) : this.body;
    return entry;
  }
}
