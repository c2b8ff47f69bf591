import { parsePrefer } from './internal/parse-prefer';

/**
 * Request headers as Node gives them (`req.headers`): lower-case names, a string or a list of strings.
 *
 * @example
 * const headers: RequestHeaders = { accept: 'application/json', prefer: 'return=minimal' };
 */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * What a client asked of a multistatus body through `Prefer` (RFC 7240) or the older `Brief` header.
 *
 * @example
 * const prefs: MultiStatusPreferences = { minimal: true, preferenceApplied: 'return=minimal' };
 */
export interface MultiStatusPreferences {
  /** The client asked for a minimal response: 404 propstats are left out (RFC 8144 §2.1). */
  minimal: boolean;
  /**
   * The `Preference-Applied` value to send when `minimal` is honoured. Set only when the client asked
   * through `Prefer` (RFC 7240 §3); `Brief` has no such acknowledgement.
   */
  preferenceApplied?: 'return=minimal';
}

function headerValue(value: string | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  // Several header lines of one field are one comma-separated list (RFC 9110 §5.3).
  return typeof value === 'string' ? value : value.join(', ');
}

/**
 * Reads `Prefer: return=minimal` (RFC 7240 §4.2, applied to WebDAV by RFC 8144) and `Brief: t` from request
 * headers. `Prefer` wins when both are present; names and values are case-insensitive; only the first
 * `return` preference counts (RFC 7240 §2).
 *
 * @example
 * readPreferences({ prefer: 'return=minimal' }); // { minimal: true, preferenceApplied: 'return=minimal' }
 * readPreferences({ brief: 'T' }); // { minimal: true }
 * readPreferences({}); // { minimal: false }
 */
export function readPreferences(headers: RequestHeaders): MultiStatusPreferences {
  const prefer = headerValue(headers.prefer);
  const ret = prefer === undefined ? undefined : parsePrefer(prefer).get('return');
  if (ret !== undefined) {
    // RFC 5234 §2.3: the quoted strings of the ABNF ("minimal") are case-insensitive.
    return ret.toLowerCase() === 'minimal'
      ? { minimal: true, preferenceApplied: 'return=minimal' }
      : { minimal: false };
  }
  // Brief := "Brief" ":" ( "t" | "f" ), from Microsoft's Exchange WebDAV extensions, the precursor of
  // return=minimal that some older clients still send instead of Prefer.
  const brief = headerValue(headers.brief);
  if (brief !== undefined && (brief.split(',')[0] ?? '').trim().toLowerCase() === 't') return { minimal: true };
  return { minimal: false };
}
