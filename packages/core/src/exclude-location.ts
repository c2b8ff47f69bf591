import type { ServerResponse } from 'node:http';
import onHeaders from 'on-headers';

/**
 * The part of a response `excludeLocation` needs: Node's `http.ServerResponse` has it.
 *
 * @example
 * const target: HeaderHookTarget = res;
 */
export interface HeaderHookTarget {
  statusCode: number;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
  removeHeader(name: string): void;
  writeHead(statusCode: number, ...rest: never[]): unknown;
}

function isLocation(name: unknown): boolean {
  return typeof name === 'string' && name.toLowerCase() === 'location';
}

/**
 * Keeps `Location` off a 207 (RFC 4918 §13.1: the header has no defined meaning there): removes it now, and
 * again just before the headers go out, ignoring attempts to set it from other header hooks. Acts only while
 * the status is 207, so an error response that replaces the 207 keeps whatever headers it sets.
 *
 * @example
 * res.statusCode = 207;
 * excludeLocation(res);
 * res.setHeader('Location', '/elsewhere'); // never reaches the client
 */
export function excludeLocation(res: HeaderHookTarget): void {
  res.removeHeader('location');
  onHeaders(res as unknown as ServerResponse, function keepLocationOut(this: ServerResponse) {
    if (this.statusCode !== 207) return;
    this.removeHeader('location');
    // on-headers runs the hooks registered earlier after this one, and they may set Location again; refuse
    // it until the headers are out (writeHead is synchronous, so the next tick is after).
    const ownSet = Object.hasOwn(this, 'setHeader');
    const original = this.setHeader;
    const guarded = function setHeader(this: ServerResponse, name: string, value: number | string | readonly string[]) {
      return isLocation(name) ? this : original.call(this, name, value);
    } as ServerResponse['setHeader'];
    this.setHeader = guarded;
    const ownAppend = Object.hasOwn(this, 'appendHeader');
    const originalAppend = this.appendHeader;
    const guardedAppend =
      typeof originalAppend === 'function'
        ? (function appendHeader(this: ServerResponse, name: string, value: string | readonly string[]) {
            return isLocation(name) ? this : originalAppend.call(this, name, value);
          } as ServerResponse['appendHeader'])
        : undefined;
    if (guardedAppend) this.appendHeader = guardedAppend;
    process.nextTick(() => {
      // Put back exactly what was there: an own property, or the prototype's method.
      if (this.setHeader === guarded) {
        if (ownSet) this.setHeader = original;
        else delete (this as Partial<ServerResponse>).setHeader;
      }
      if (guardedAppend && this.appendHeader === guardedAppend) {
        if (ownAppend) this.appendHeader = originalAppend;
        else delete (this as Partial<ServerResponse>).appendHeader;
      }
    });
  });
}
