import type { PropValue } from '../types';
import type { XmlName } from './namespace-table';

/** A property value written as text between its tags: a non-empty string, a number or a boolean. */
export const TEXT = 0;
/** A property value written as an empty element: null or ''. */
export const EMPTY = 1;
/** Any other value: XML content, or a value the serialiser rejects. */
export const OTHER = 2;

/** How a property value is written: TEXT, EMPTY or OTHER. */
export function kindOf(value: PropValue): number {
  if (typeof value === 'string') return value.length === 0 ? EMPTY : TEXT;
  if (value === null) return EMPTY;
  return typeof value === 'number' || typeof value === 'boolean' ? TEXT : OTHER;
}

/**
 * What the serialiser remembers of the last propstat written at one index of a response (the first, the
 * second, …), by property position. The propstats at one index of a listing mostly name the same properties in
 * the same order, with values of the same kinds: comparing a key with the one remembered at its position
 * (interned strings: one pointer comparison) costs less than looking the name up again, and the fixed text
 * between two values is then the text written the last time.
 */
export class PropLayout {
  /** Property names by position, with how each is written and how its value was. */
  readonly names: string[] = [];
  readonly infos: XmlName[] = [];
  readonly kinds: number[] = [];
  /**
   * The fixed text written before the value at each position: the previous element's close, the empty
   * elements between, the element's own open (TEXT only), as the names and kinds remembered make it.
   */
  readonly leads: Array<string | undefined> = [];
  /**
   * The last text value at each position (or undefined) and its escaped form. Listings repeat many values from
   * one response to the next (a content type, an owner): comparing with the remembered text (the same string
   * object: one pointer comparison) is cheaper than scanning it for characters to escape.
   */
  readonly texts: Array<string | undefined> = [];
  readonly escaped: string[] = [];
  /** How many of the names were last checked together for a property given twice (-1: none since they changed). */
  checkedCount = -1;
  /**
   * The fixed text after the last value and the propstat's end, for the remembered layout (`endCount`
   * properties, -1 when forgotten) and a status: `closePiece` for a propstat that another follows, `finalPiece`
   * for one that ends the response too. A status of 0 marks a piece not made for this layout.
   */
  endCount = -1;
  closeStatus = 0;
  closePiece = '';
  finalStatus = 0;
  finalPiece = '';

  /** `prefix`: the fixed text before the first property, from what precedes the propstat to its `<D:prop>`. */
  constructor(private readonly prefix: string) {}

  /**
   * Forgets what depends on position `at`, which has just changed: the pieces remembered from there on (each
   * holds the text from the value before it), and the end. What is remembered always matches the names and
   * kinds remembered, so a walk that finds them unchanged can write the pieces as they are.
   */
  forgetFrom(at: number): void {
    this.leads.length = at;
    this.endCount = -1;
  }

  /**
   * The fixed text from the end of the value at position `from` (-1: the prefix) to position `to`: that
   * element's close (when it was written as text), then the empty elements between.
   */
  fixedRun(from: number, to: number): string {
    let run = from < 0 ? this.prefix : this.kinds[from] === TEXT ? (this.infos[from] as XmlName).close : '';
    for (let j = from + 1; j < to; j++) run += (this.infos[j] as XmlName).empty;
    return run;
  }
}
