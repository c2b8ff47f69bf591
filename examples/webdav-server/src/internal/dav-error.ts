import type { XmlElement } from '@multistatus/core';

/**
 * An HTTP error a WebDAV method answers with: a status and, for RFC 4918 preconditions, the
 * `<D:error>` element to send as the body (§16).
 *
 * @example
 * throw new DavError(423, 'locked', { name: '{DAV:}lock-token-submitted', children: [] });
 */
export class DavError extends Error {
  override readonly name = 'DavError';
  readonly status: number;
  readonly condition: XmlElement | undefined;

  constructor(status: number, message: string, condition?: XmlElement) {
    super(message);
    this.status = status;
    this.condition = condition;
  }
}

/**
 * Builds the RFC 4918 §16 `DAV:lock-token-submitted` condition naming the locked resources.
 *
 * @example
 * lockTokenSubmitted(['/dav/locked']);
 */
export function lockTokenSubmitted(hrefs: string[]): XmlElement {
  return {
    name: '{DAV:}lock-token-submitted',
    children: hrefs.map((href) => ({ name: '{DAV:}href', children: [href] })),
  };
}
