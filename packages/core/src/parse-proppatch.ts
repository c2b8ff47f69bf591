import { ErrorCodes } from './errors';
import { ContentBuilder } from './internal/xml-content';
import { readDocument } from './internal/xml-document';
import { PROP, PROPERTYUPDATE, REMOVE, SET, type XmlName } from './internal/xml-names';
import { type XmlHandler, XmlStructureError } from './internal/xml-reader';
import {
  type ParseInput,
  type ParseLimits,
  type ParseOptions,
  REQUEST_BODY_PARSE_LIMITS,
  resolveParseLimits,
} from './parse-options';
import type { PropValue } from './types';

/**
 * One PROPPATCH instruction (RFC 4918 §9.2): set a property to a value, or remove it. Names are Clark names.
 *
 * @example
 * const change: ProppatchInstruction = { op: 'set', name: '{http://example.com/ns/}color', value: 'blue' };
 */
export type ProppatchInstruction = { op: 'set'; name: string; value: PropValue } | { op: 'remove'; name: string };

const IN_DOCUMENT = 0;
const IN_UPDATE = 1;
const IN_INSTRUCTION = 2;
const IN_PROP = 3;
const AFTER_ROOT = 4;

class ProppatchHandler implements XmlHandler {
  readonly instructions: ProppatchInstruction[] = [];
  private level = IN_DOCUMENT;
  private op: 'set' | 'remove' = 'set';
  private skipped = 0;
  private building = false;
  private name = '';
  private readonly content = new ContentBuilder();

  constructor(private readonly limits: ParseLimits) {}

  open(name: XmlName, attrs: Record<string, string> | undefined): void {
    if (this.building) {
      this.content.open(name, attrs);
      return;
    }
    if (this.skipped > 0) {
      this.skipped++;
      return;
    }
    switch (this.level) {
      case IN_DOCUMENT:
        if (name.code !== PROPERTYUPDATE) {
          throw new XmlStructureError(
            ErrorCodes.PARSE_WRONG_ROOT,
            `The root element is ${name.clark}; a PROPPATCH body has {DAV:}propertyupdate (RFC 4918 §14.19)`,
          );
        }
        this.level = IN_UPDATE;
        return;
      case IN_UPDATE:
        if (name.code === SET || name.code === REMOVE) {
          this.op = name.code === SET ? 'set' : 'remove';
          this.level = IN_INSTRUCTION;
        } else {
          this.skipped = 1; // an extension element (RFC 4918 §17)
        }
        return;
      case IN_INSTRUCTION:
        if (name.code === PROP) this.level = IN_PROP;
        else this.skipped = 1;
        return;
      case IN_PROP:
        if (this.instructions.length >= this.limits.maxEntries) {
          throw new XmlStructureError(
            ErrorCodes.PARSE_LIMIT,
            `The PROPPATCH holds more instructions than maxEntries (${this.limits.maxEntries})`,
          );
        }
        if (this.op === 'remove') {
          // RFC 4918 §14.23: the content of a property in <D:remove> is ignored.
          this.instructions.push({ op: 'remove', name: name.clark });
          this.skipped = 1;
        } else {
          this.name = name.clark;
          this.building = true;
          this.content.reset();
        }
        return;
    }
  }

  text(text: string): void {
    if (this.building) this.content.text(text);
  }

  close(): void {
    if (this.building) {
      if (this.content.depth > 0) {
        this.content.close();
      } else {
        this.building = false;
        this.instructions.push({ op: 'set', name: this.name, value: this.content.value() });
      }
      return;
    }
    if (this.skipped > 0) this.skipped--;
    else if (this.level === IN_PROP) this.level = IN_INSTRUCTION;
    else if (this.level === IN_INSTRUCTION) this.level = IN_UPDATE;
    else if (this.level === IN_UPDATE) this.level = AFTER_ROOT;
  }
}

/**
 * Reads a PROPPATCH request body (RFC 4918 §9.2, §14.19) into its instructions, in document order (the
 * order they must be applied in). A value is text when the property holds only text, `null` when it is
 * empty, and XML content (`XmlElement` or an array) when it holds elements.
 *
 * @example
 * const changes = await parseProppatch(body);
 * // [{ op: 'set', name: '{http://ns.example.com/z/}Author', value: 'Jim Whitehead' },
 * //  { op: 'remove', name: '{http://ns.example.com/z/}Copyright-Owner' }]
 */
export async function parseProppatch(body: ParseInput, options?: ParseOptions): Promise<ProppatchInstruction[]> {
  const limits = resolveParseLimits(options, REQUEST_BODY_PARSE_LIMITS);
  const handler = new ProppatchHandler(limits);
  const reader = await readDocument(body, handler, limits);
  if (!reader.sawRoot) {
    throw reader.error(
      reader.sawContent ? ErrorCodes.PARSE_MALFORMED : ErrorCodes.PARSE_INVALID,
      `The PROPPATCH body ${reader.sawContent ? 'has no root element' : 'is empty'}; expected {DAV:}propertyupdate (RFC 4918 §9.2)`,
    );
  }
  if (handler.instructions.length === 0) {
    throw reader.error(
      ErrorCodes.PARSE_INVALID,
      'The propertyupdate holds no property to set or remove (RFC 4918 §14.19)',
    );
  }
  return handler.instructions;
}
