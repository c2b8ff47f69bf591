import { ErrorCodes, MultiStatusError } from '../errors';
import type { InvalidCharsPolicy } from '../types';

// Characters that need work in text: markup (& < >), CR (XML parsers turn a literal CR into LF, so it is
// written as &#13; to survive), and what XML 1.0 §2.2 cannot carry at all: C0 controls but tab/LF/CR,
// surrogates (checked for pairing when found) and U+FFFE/U+FFFF. Global, so that `test` starts at `lastIndex`
// and leaves the place after the character it found there: the index of a hit without a match array.
const TEXT_NEEDS_WORK = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g;
// In attribute values tab/LF/CR are also escaped: attribute-value normalisation (XML 1.0 §3.3.3) would turn
// them into spaces.
const ATTR_NEEDS_WORK = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/g;

function describe(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Where a text is written, for the message of an invalid character: a description, or the property (its
 * XmlName) whose value it is. The message is built only when it is needed: a property's value is escaped in
 * every response, and building `property D:displayname` there would cost a string per value.
 */
export type TextPlace = string | { readonly qname: string };

function describePlace(where: TextPlace): string {
  return typeof where === 'string' ? where : `property ${where.qname}`;
}

/**
 * The index of the first character at or after `from` that needs looking at, or -1: one regex call, whatever
 * the length. A character loop was used for text of a dozen characters or fewer, but in the serialiser (where
 * this is inlined) the regex costs fewer instructions even on ten characters (callgrind), and it is one path.
 */
function nextHit(s: string, from: number, attr: boolean): number {
  if (from >= s.length) return -1;
  const re = attr ? ATTR_NEEDS_WORK : TEXT_NEEDS_WORK;
  re.lastIndex = from;
  return re.test(s) ? re.lastIndex - 1 : -1;
}

/**
 * Escapes `s`, whose first character that needs looking at is at `first`: nothing before it is read again.
 * A character found is never the second half of a surrogate pair, as the first half is found before it and
 * the search goes on after the pair.
 */
function escapeFrom(s: string, first: number, attr: boolean, policy: InvalidCharsPolicy, where: TextPlace): string {
  let out = '';
  let last = 0;
  for (let i = first; i !== -1; ) {
    const c = s.charCodeAt(i);
    let rep: string;
    if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else if (c === 13) rep = '&#13;';
    else if (c === 34) rep = '&quot;';
    else if (c === 9) rep = '&#9;';
    else if (c === 10) rep = '&#10;';
    else if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: a character outside the BMP, kept as it is.
      i = nextHit(s, i + 2, attr);
      continue;
    } else rep = invalid(c, policy, where);
    out += s.slice(last, i) + rep;
    last = i + 1;
    i = nextHit(s, last, attr);
  }
  return last === 0 ? s : out + s.slice(last);
}

function invalid(code: number, policy: InvalidCharsPolicy, where: TextPlace): string {
  if (policy === 'strip') return '';
  if (policy === 'throw') {
    throw new MultiStatusError(
      ErrorCodes.INVALID_CHAR,
      `Invalid character ${describe(code)} in ${describePlace(where)}. XML 1.0 cannot carry it; use invalidChars 'replace' or 'strip' to write it anyway.`,
    );
  }
  return '\uFFFD';
}

/** Escapes text content, applying the invalid-character policy. Returns the string itself when clean. */
export function escapeText(s: string, policy: InvalidCharsPolicy, where: TextPlace): string {
  const first = nextHit(s, 0, false);
  return first === -1 ? s : escapeFrom(s, first, false, policy, where);
}

/** Escapes an attribute value (double-quoted), applying the invalid-character policy. */
export function escapeAttr(s: string, policy: InvalidCharsPolicy, where: TextPlace): string {
  const first = nextHit(s, 0, true);
  return first === -1 ? s : escapeFrom(s, first, true, policy, where);
}

/** What a string becomes under a policy, before escaping: what a parser reads back. */
export function applyInvalidChars(s: string, policy: InvalidCharsPolicy): string {
  if (policy === 'throw') return s;
  return s.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    policy === 'strip' ? '' : '\uFFFD',
  );
}
