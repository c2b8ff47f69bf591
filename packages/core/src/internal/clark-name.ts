import { ErrorCodes, MultiStatusError } from '../errors';
import { isNcName } from './xml-name';

/** The DAV: namespace of RFC 4918. */
export const DAV_NS = 'DAV:';
/** The namespace bound to the `xml` prefix (Namespaces in XML §3). */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** The namespace of namespace declarations themselves: never a valid element or attribute namespace. */
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

/** A Clark name split into namespace and local name. */
export interface ClarkName {
  ns: string;
  local: string;
}

/**
 * Splits a Clark name (`{namespace}local`). A bare name takes `defaultNs`: `DAV:` for elements and properties,
 * no namespace for attributes. Throws INVALID_NAME for anything that cannot be written as an XML name.
 */
export function parseClarkName(name: unknown, defaultNs: string, what: string): ClarkName {
  if (typeof name !== 'string' || name.length === 0) {
    throw new MultiStatusError(
      ErrorCodes.INVALID_NAME,
      `Invalid ${what} name: ${JSON.stringify(name)}. Names are non-empty Clark names such as "{DAV:}getetag".`,
    );
  }
  let ns = defaultNs;
  let local = name;
  if (name.charCodeAt(0) === 123 /* { */) {
    const close = name.indexOf('}');
    if (close < 0) {
      throw new MultiStatusError(
        ErrorCodes.INVALID_NAME,
        `Invalid ${what} name: ${JSON.stringify(name)}. A Clark name is "{namespace}local"; the "}" is missing.`,
      );
    }
    ns = name.slice(1, close);
    local = name.slice(close + 1);
  }
  if (!isNcName(local)) {
    throw new MultiStatusError(
      ErrorCodes.INVALID_NAME,
      `Invalid ${what} name: ${JSON.stringify(name)}. The local name ${JSON.stringify(local)} is not an XML name (Namespaces in XML §3: NCName).`,
    );
  }
  if (ns === XMLNS_NS || (ns === '' && local === 'xmlns' && what === 'attribute')) {
    throw new MultiStatusError(
      ErrorCodes.INVALID_NAME,
      `Invalid ${what} name: ${JSON.stringify(name)}. Namespace declarations are written by the serialiser, not given as names.`,
    );
  }
  return { ns, local };
}
