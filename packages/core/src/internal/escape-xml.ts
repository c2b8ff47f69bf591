import { ErrorCodes, MultiStatusError } from '../errors';
import type { InvalidCharsPolicy } from '../types';

// Characters that need work in text: markup (& < >), CR (XML parsers turn a literal CR into LF, so it is
// written as &#13; to survive), and what XML 1.0 §2.2 cannot carry at all: C0 controls but tab/LF/CR,
// surrogates (checked for pairing in the slow path) and U+FFFE/U+FFFF.
const TEXT_NEEDS_WORK = /[&<>\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
// In attribute values tab/LF/CR are also escaped: attribute-value normalisation (XML 1.0 §3.3.3) would turn
// them into spaces.
const ATTR_NEEDS_WORK = /[&<>"\t\n\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;

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

// Per ASCII code, whether escapeSlow must look at the character (1) or can copy it (0): the same sets as
// TEXT_NEEDS_WORK and ATTR_NEEDS_WORK. Most characters of text that needs work are plain ones, and one table
// read passes them without going through the chain of tests below.
const TEXT_LOOK = new Uint8Array(128);
const ATTR_LOOK = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  TEXT_LOOK[c] = TEXT_NEEDS_WORK.test(ch) ? 1 : 0;
  ATTR_LOOK[c] = ATTR_NEEDS_WORK.test(ch) ? 1 : 0;
}

/**
 * Escapes `s` from `from`, the index of its first character that needs looking at (found by the caller's scan,
 * so nothing before it is read twice). That character is never the second half of a surrogate pair, whose
 * first half would have been found before it.
 */
function escapeSlow(s: string, from: number, attr: boolean, policy: InvalidCharsPolicy, where: TextPlace): string {
  const look = attr ? ATTR_LOOK : TEXT_LOOK;
  let out = '';
  let last = 0;
  const n = s.length;
  for (let i = from; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 ? look[c] === 0 : c < 0xd800 || (c > 0xdfff && c < 0xfffe)) continue;
    let rep: string | undefined;
    if (c === 38) rep = '&amp;';
    else if (c === 60) rep = '&lt;';
    else if (c === 62) rep = '&gt;';
    else if (c === 13) rep = '&#13;';
    else if (attr && c === 34) rep = '&quot;';
    else if (attr && c === 9) rep = '&#9;';
    else if (attr && c === 10) rep = '&#10;';
    else if (c < 32 && c !== 9 && c !== 10) rep = invalid(c, policy, where);
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      rep = invalid(c, policy, where);
    } else if (c >= 0xdc00 && c <= 0xdfff) rep = invalid(c, policy, where);
    else if (c === 0xfffe || c === 0xffff) rep = invalid(c, policy, where);
    else continue;
    out += s.slice(last, i) + rep;
    last = i + 1;
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
  const n = s.length;
  if (n > 12) {
    // `search` costs what `test` does and tells where the first hit is.
    const first = s.search(TEXT_NEEDS_WORK);
    return first === -1 ? s : escapeSlow(s, first, false, policy, where);
  }
  // Text of a dozen characters or fewer (a number, a short name): a character loop decides sooner than a regex
  // call, whose fixed cost is paid back only on longer text (bench/serialize.bench.ts). The same set as
  // TEXT_NEEDS_WORK: C0 controls but tab/LF, "&" "<" ">", surrogates, U+FFFE/U+FFFF.
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (
      c < 63
        ? c < 32
          ? c !== 9 && c !== 10
          : c === 38 || c === 60 || c === 62
        : c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe)
    ) {
      return escapeSlow(s, i, false, policy, where);
    }
  }
  return s;
}

/** Escapes an attribute value (double-quoted), applying the invalid-character policy. */
export function escapeAttr(s: string, policy: InvalidCharsPolicy, where: TextPlace): string {
  const first = s.search(ATTR_NEEDS_WORK);
  return first === -1 ? s : escapeSlow(s, first, true, policy, where);
}

/** What a string becomes under a policy, before escaping: what a parser reads back. */
export function applyInvalidChars(s: string, policy: InvalidCharsPolicy): string {
  if (policy === 'throw') return s;
  return s.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    policy === 'strip' ? '' : '\uFFFD',
  );
}
