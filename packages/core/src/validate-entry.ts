import { ErrorCodes, MultiStatusError } from './errors';
import type { Entry } from './types';

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/** `propstat` is the index of the propstat whose status this is, or -1 for the entry's own status. */
function checkStatus(status: unknown, href: string, propstat: number): void {
  // The common case first, in one test: a final status needs no message built.
  if (typeof status === 'number' && Number.isInteger(status) && status >= 200 && status <= 599) return;
  // Built only for the error: the message names which propstat's status is wrong.
  const where = propstat === -1 ? '' : ` (propstat[${propstat}])`;
  if (typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 199) {
    throw new MultiStatusError(
      ErrorCodes.INFORMATIONAL_STATUS,
      `Invalid status code: ${status} for ${show(href)}${where}. Entries must have a final status (200-599); ` +
        '1xx is not allowed in a multistatus (RFC 4918 §13).',
      { href },
    );
  }
  throw new MultiStatusError(
    ErrorCodes.INVALID_STATUS,
    `Invalid status code: ${show(status)} for ${show(href)}${where}. A status must be an integer from 200 to 599.`,
    { href },
  );
}

/** RFC 4918 §13.2 names 300-303, 305 and 307; 308 (RFC 9110) is a redirect too. 304 is not. */
export function isRedirect(status: number): boolean {
  return status >= 300 && status <= 399 && status !== 304;
}

/**
 * Checks one entry against the entry model and throws a {@link MultiStatusError} naming the entry and the
 * rule it breaks. Property names and values are checked when the entry is serialised.
 *
 * @example
 * validateEntry({ href: '/a', status: 301 }); // throws: a redirect needs `location`
 */
export function validateEntry(entry: unknown): asserts entry is Entry {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new MultiStatusError(
      ErrorCodes.INVALID_ENTRY,
      `Invalid entry: ${show(entry)}. An entry must be an object with \`href\` and \`status\` or \`propstat\`.`,
    );
  }
  const e = entry as Record<string, unknown>;
  const href = e.href;
  if (typeof href !== 'string' || href.length === 0) {
    throw new MultiStatusError(
      ErrorCodes.MISSING_HREF,
      `Invalid href: ${show(href)} in entry ${show(entry)}. Every entry must have a non-empty \`href\` string ` +
        '(RFC 4918 §13: each response MUST have an href).',
    );
  }
  const hasStatus = e.status !== undefined;
  const hasPropstat = e.propstat !== undefined;
  if (hasStatus && hasPropstat) {
    throw new MultiStatusError(
      ErrorCodes.STATUS_AND_PROPSTAT,
      `Entry ${show(href)} has both \`status\` and \`propstat\`. A response carries one or the other (RFC 4918 §13).`,
      { href },
    );
  }
  if (!hasStatus && !hasPropstat) {
    throw new MultiStatusError(
      ErrorCodes.NO_STATUS,
      `Entry ${show(href)} has neither \`status\` nor \`propstat\`. A response carries one or the other (RFC 4918 §13).`,
      { href },
    );
  }
  if (hasStatus) {
    checkStatus(e.status, href, -1);
    if (isRedirect(e.status as number) && (typeof e.location !== 'string' || e.location.length === 0)) {
      throw new MultiStatusError(
        ErrorCodes.REDIRECT_WITHOUT_LOCATION,
        `Entry ${show(href)} has redirect status ${e.status as number} but no \`location\`. ` +
          'Servers MUST use the location element with redirects in a multistatus (RFC 4918 §13.2).',
        { href },
      );
    }
  } else {
    const propstat = e.propstat;
    if (!Array.isArray(propstat) || propstat.length === 0) {
      throw new MultiStatusError(
        ErrorCodes.INVALID_PROPSTAT,
        `Invalid propstat: ${show(propstat)} for ${show(href)}. \`propstat\` must be a non-empty array.`,
        { href },
      );
    }
    for (let i = 0; i < propstat.length; i++) {
      const ps = propstat[i] as Record<string, unknown> | null;
      if (
        ps === null ||
        typeof ps !== 'object' ||
        ps.props === null ||
        typeof ps.props !== 'object' ||
        Array.isArray(ps.props)
      ) {
        throw new MultiStatusError(
          ErrorCodes.INVALID_PROPSTAT,
          `Invalid propstat[${i}]: ${show(ps)} for ${show(href)}. Each propstat must be \`{ status, props }\` with \`props\` an object.`,
          { href },
        );
      }
      checkStatus(ps.status, href, i);
    }
  }
  if (e.location !== undefined && typeof e.location !== 'string') {
    throw new MultiStatusError(
      ErrorCodes.INVALID_VALUE,
      `Invalid location: ${show(e.location)} for ${show(href)}. \`location\` must be a string.`,
      { href },
    );
  }
  if (e.description !== undefined && typeof e.description !== 'string') {
    throw new MultiStatusError(
      ErrorCodes.INVALID_VALUE,
      `Invalid description: ${show(e.description)} for ${show(href)}. \`description\` must be a string.`,
      { href },
    );
  }
  if (e.id !== undefined && typeof e.id !== 'string') {
    throw new MultiStatusError(
      ErrorCodes.INVALID_VALUE,
      `Invalid id: ${show(e.id)} for ${show(href)}. \`id\` must be a string.`,
      { href },
    );
  }
  if (e.headers !== undefined) checkHeaders(e.headers, href);
}

// RFC 9110 §5.1: a field name is a token; values are strings (a list value is one comma-joined string).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function checkHeaders(headers: unknown, href: string): void {
  const ok =
    headers !== null &&
    typeof headers === 'object' &&
    !Array.isArray(headers) &&
    Object.entries(headers).every(([name, value]) => TOKEN.test(name) && typeof value === 'string');
  if (!ok) {
    throw new MultiStatusError(
      ErrorCodes.INVALID_VALUE,
      `Invalid headers: ${show(headers)} for ${show(href)}. \`headers\` must be an object of header names to string values.`,
      { href },
    );
  }
}
