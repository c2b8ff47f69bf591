import { negotiateFormat } from '../negotiate-format';
import type { PrepareOptions } from '../prepare-multistatus';
import { readPreferences } from '../read-preferences';
import type { MultiStatusFormat, SerializeOptions } from '../types';

const CONTENT_TYPES: Record<MultiStatusFormat, string> = {
  xml: 'application/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** Everything about a 207 that is decided from the request and the options, before any entry is pulled. */
export interface ResponsePlan {
  format: MultiStatusFormat;
  contentType: string;
  /** Request header fields the body depends on, for `Vary`. */
  vary: string[];
  preferenceApplied: 'return=minimal' | undefined;
  serializeOptions: SerializeOptions;
}

/** Chooses the format and the preference headers for one response. Throws on an invalid `formats` option. */
export function planResponse(options: PrepareOptions): ResponsePlan {
  const headers = options.headers ?? {};
  const vary: string[] = [];
  let format: MultiStatusFormat;
  if (options.format !== undefined) {
    // A fixed format is not negotiated, so the body does not depend on Accept.
    format = options.format;
  } else {
    const offered = options.formats ?? ['xml', 'json'];
    // A client that accepts none of the offered types still gets the first one: a 207 it can read as text
    // serves it better than a 406 (RFC 9110 §12.5.1 lets a server ignore Accept).
    format = negotiateFormat(headers.accept, offered) ?? (offered[0] as MultiStatusFormat);
    if (offered.length > 1) vary.push('Accept');
  }
  let minimal = options.minimal;
  let preferenceApplied: 'return=minimal' | undefined;
  if (minimal === undefined) {
    const preferences = readPreferences(headers);
    minimal = preferences.minimal;
    if (minimal) {
      preferenceApplied = preferences.preferenceApplied;
      // Only the minimal body needs Vary: the full body is a fine answer to any request (a preference is
      // never a requirement, RFC 7240 §2), so a cache may keep serving it whatever Prefer says.
      vary.push('Prefer', 'Brief');
    }
  }
  return {
    format,
    contentType: CONTENT_TYPES[format],
    vary,
    preferenceApplied,
    serializeOptions: {
      format,
      namespaces: options.namespaces,
      invalidChars: options.invalidChars,
      description: options.description,
      minimal,
    },
  };
}
