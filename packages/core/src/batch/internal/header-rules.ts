// RFC 9110 §7.6.1: hop-by-hop fields describe one connection and are never relayed; the in-memory connection
// of a sub-request sets its own. Host and Content-Length are set by the dispatcher from the batch.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const SET_BY_DISPATCHER = new Set(['host', 'content-length', 'expect', 'accept-encoding']);

/** A one-line description of the rule, for error messages. */
export const FORBIDDEN_FORWARD =
  'hop-by-hop fields, Host, Content-Length, Expect, Accept-Encoding, Forwarded and X-Forwarded-* are set per sub-request';

/** Whether a header name may never be passed into a sub-request (lower-case name). */
export function isForbiddenForward(name: string): boolean {
  // Forwarding headers describe the outer hop; passing them on would let a client forge them for the app.
  return (
    HOP_BY_HOP.has(name) ||
    SET_BY_DISPATCHER.has(name) ||
    name === 'forwarded' ||
    name.startsWith('x-forwarded-') ||
    name.startsWith('proxy-')
  );
}
