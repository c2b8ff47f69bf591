import Negotiator from 'negotiator';
import { ErrorCodes, MultiStatusError } from './errors';
import type { MultiStatusFormat } from './types';

// RFC 4918 §8.2: the type SHOULD be application/xml, and both it and text/xml MUST be accepted. It is listed
// first, so it wins when a client accepts either without preference.
const MEDIA_TYPES: Record<MultiStatusFormat, readonly string[]> = {
  xml: ['application/xml', 'text/xml'],
  json: ['application/json'],
};

const DEFAULT_OFFERED: readonly MultiStatusFormat[] = ['xml', 'json'];

function checkOffered(offered: readonly MultiStatusFormat[]): void {
  if (!Array.isArray(offered) || offered.length === 0) {
    throw new MultiStatusError(
      ErrorCodes.INVALID_OPTION,
      `Invalid offered formats: ${JSON.stringify(offered)}. Offer a non-empty list of 'xml' and/or 'json'.`,
    );
  }
  for (const format of offered) {
    if (format !== 'xml' && format !== 'json') {
      throw new MultiStatusError(
        ErrorCodes.INVALID_OPTION,
        `Invalid offered format: ${JSON.stringify(format)}. A multistatus body is 'xml' or 'json'.`,
      );
    }
  }
}

/**
 * Picks the body format a client prefers from its `Accept` header: `'xml'` (application/xml, text/xml) or
 * `'json'` (application/json), among the `offered` formats and in their order when the client has no
 * preference. No or an empty `Accept` gives the first offered format; `undefined` means the client accepts
 * none of them.
 *
 * @example
 * negotiateFormat('application/json, application/xml;q=0.5'); // 'json'
 * negotiateFormat(undefined, ['json', 'xml']); // 'json'
 * negotiateFormat('image/png'); // undefined
 */
export function negotiateFormat(
  accept: string | readonly string[] | undefined,
  offered: readonly MultiStatusFormat[] = DEFAULT_OFFERED,
): MultiStatusFormat | undefined {
  checkOffered(offered);
  const header = Array.isArray(accept) ? accept.join(', ') : (accept as string | undefined);
  // RFC 9110 §12.5.1: a request without Accept accepts any media type.
  if (header === undefined || header.trim() === '') return offered[0];
  const types: string[] = [];
  for (const format of offered) types.push(...MEDIA_TYPES[format]);
  const best = new Negotiator({ headers: { accept: header } }).mediaType(types);
  if (best === undefined) return undefined;
  return offered.find((format) => MEDIA_TYPES[format].includes(best));
}
