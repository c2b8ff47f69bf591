import { type IncomingHttpHeaders, IncomingMessage } from 'node:http';

type AddHeaderLine = (this: { joinDuplicateHeaders: boolean }, name: string, value: string, dest: object) => void;

// Node's own rule for folding repeated fields into `headers` (Set-Cookie an array, Cookie joined with `; `,
// single-valued fields such as Location and Content-Type keep their first value, the rest joined with `, `),
// called rather than copied so an item's headers read exactly as a client's `res.headers` would.
const nodeAddHeaderLine = (IncomingMessage.prototype as unknown as { _addHeaderLine?: AddHeaderLine })._addHeaderLine;
const FOLD_THIS = { joinDuplicateHeaders: false };

function addHeaderLine(name: string, value: string, dest: IncomingHttpHeaders): void {
  if (nodeAddHeaderLine) {
    nodeAddHeaderLine.call(FOLD_THIS, name, value, dest);
    return;
  }
  const key = name.toLowerCase();
  const existing = dest[key];
  if (key === 'set-cookie') dest[key] = [...(existing ?? []), value];
  else dest[key] = existing === undefined ? value : `${existing}, ${value}`;
}

function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

// Only spaces and tabs (RFC 9110 §5.6.3): String#trim would also take a trailing U+00A0, which is a field byte.
function trimOws(text: string, from: number, to: number): string {
  while (from < to && isOws(text.charCodeAt(from))) from++;
  while (to > from && isOws(text.charCodeAt(to - 1))) to--;
  return text.slice(from, to);
}

/**
 * Reads the status and header fields of a response head exactly as Node wrote it (`res._header`:
 * `HTTP/1.1 200 OK\r\nName: value\r\n...\r\n\r\n`). The head is the one source that holds every field sent,
 * whether the app used `setHeader()`, `writeHead(status, fields)` or both, and the fields Node adds itself
 * (`Date`, `Content-Length`).
 *
 * @example
 * parseResponseHead('HTTP/1.1 201 Created\r\nLocation: /users/7\r\n\r\n'); // { status: 201, headers: { location: '/users/7' } }
 */
export function parseResponseHead(head: string): { status: number; headers: IncomingHttpHeaders } {
  let end = head.indexOf('\r\n');
  if (end < 0) end = head.length;
  // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
  const status = Number(head.slice(9, 12));
  const headers: IncomingHttpHeaders = {};
  let start = end + 2;
  while (start < head.length) {
    end = head.indexOf('\r\n', start);
    if (end < 0) end = head.length;
    if (end === start) break;
    const colon = head.indexOf(':', start);
    if (colon > start && colon < end) {
      // RFC 9112 §5: field-line = field-name ":" OWS field-value OWS
      addHeaderLine(head.slice(start, colon), trimOws(head, colon + 1, end), headers);
    }
    start = end + 2;
  }
  return { status, headers };
}
