import { STATUS_CODES } from 'node:http';
import { getReasonPhrase } from 'http-status-codes';

const lines = new Map<number, string>();

/**
 * The reason phrase for a status code: http-status-codes first, then Node's table, else empty.
 *
 * @example
 * reasonPhrase(424); // 'Failed Dependency'
 */
export function reasonPhrase(status: number): string {
  try {
    return getReasonPhrase(status);
  } catch {
    return STATUS_CODES[status] ?? '';
  }
}

/**
 * The `<D:status>` text for a code, e.g. `HTTP/1.1 404 Not Found`. An unknown code still gets a valid
 * status-line: RFC 9112 §4 makes the reason phrase optional but keeps the space before it.
 *
 * @example
 * statusLine(207); // 'HTTP/1.1 207 Multi-Status'
 */
export function statusLine(status: number): string {
  let line = lines.get(status);
  if (line === undefined) {
    line = `HTTP/1.1 ${status} ${reasonPhrase(status)}`;
    lines.set(status, line);
  }
  return line;
}
