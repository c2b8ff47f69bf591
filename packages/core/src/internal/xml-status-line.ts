// RFC 4918 §14.28: status holds an HTTP status-line (RFC 9112 §4: HTTP-version SP status-code SP
// [reason-phrase]). Read leniently, as servers write it: any HTTP version ("HTTP/1.1", "HTTP/2"), extra
// whitespace, a missing reason phrase.
const STATUS_LINE = /^[ \t\r\n]*HTTP\/[0-9]+(?:\.[0-9]+)?[ \t]+([1-5][0-9][0-9])(?:[ \t\r\n][\s\S]*)?$/;

/** The prefix of nearly every status line: read without the regular expression (it runs once per status). */
const COMMON_PREFIX = 'HTTP/1.1 ';

function digitAt(text: string, index: number): number {
  const c = text.charCodeAt(index) - 0x30;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The status code of a status line, or undefined when the text is not a status line. */
export function parseStatusLine(text: string): number | undefined {
  // The common form "HTTP/1.1 ddd", alone or followed by whitespace: the same answer as STATUS_LINE.
  if (text.startsWith(COMMON_PREFIX) && text.length >= 12) {
    const a = digitAt(text, 9);
    const b = digitAt(text, 10);
    const c = digitAt(text, 11);
    const after = text.length === 12 ? 0x20 : text.charCodeAt(12);
    if (
      a >= 1 &&
      a <= 5 &&
      b >= 0 &&
      c >= 0 &&
      (after === 0x20 || after === 0x09 || after === 0x0d || after === 0x0a)
    ) {
      return a * 100 + b * 10 + c;
    }
  }
  const match = STATUS_LINE.exec(text);
  return match ? Number(match[1]) : undefined;
}
