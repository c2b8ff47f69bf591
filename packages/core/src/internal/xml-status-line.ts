// RFC 4918 §14.28: status holds an HTTP status-line (RFC 9112 §4: HTTP-version SP status-code SP
// [reason-phrase]). Read leniently, as servers write it: any HTTP version ("HTTP/1.1", "HTTP/2"), extra
// whitespace, a missing reason phrase.
const STATUS_LINE = /^[ \t\r\n]*HTTP\/[0-9]+(?:\.[0-9]+)?[ \t]+([1-5][0-9][0-9])(?:[ \t\r\n][\s\S]*)?$/;

/** The status code of a status line, or undefined when the text is not a status line. */
export function parseStatusLine(text: string): number | undefined {
  const match = STATUS_LINE.exec(text);
  return match ? Number(match[1]) : undefined;
}
