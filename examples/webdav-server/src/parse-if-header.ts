import { DavError } from './internal/dav-error';

/**
 * One condition of an `If` header list: a state token (`<urn:uuid:…>`) or an entity tag (`["…"]`),
 * possibly negated with `Not`.
 *
 * @example
 * const condition: IfCondition = { not: false, token: 'urn:uuid:6b2e…' };
 */
export interface IfCondition {
  not: boolean;
  token?: string;
  etag?: string;
}

/**
 * One parenthesised list of an `If` header, with the resource it is tagged with (absent: the request URI).
 *
 * @example
 * const list: IfList = { resource: 'http://h/a', conditions: [{ not: false, etag: '"1"' }] };
 */
export interface IfList {
  resource: string | undefined;
  conditions: IfCondition[];
}

/**
 * Parses an RFC 4918 §10.4 `If` header into its lists; a malformed header is a 400.
 *
 * @example
 * parseIfHeader('(<urn:uuid:1> ["e1"]) (Not <DAV:no-lock>)');
 * // [{ resource: undefined, conditions: [{ not: false, token: 'urn:uuid:1' }, { not: false, etag: '"e1"' }] },
 * //  { resource: undefined, conditions: [{ not: true, token: 'DAV:no-lock' }] }]
 */
export function parseIfHeader(header: string): IfList[] {
  const lists: IfList[] = [];
  let pos = 0;
  let resource: string | undefined;
  let tagged: boolean | undefined;
  const fail = (why: string): never => {
    throw new DavError(400, `Malformed If header at character ${pos + 1}: ${why}`);
  };
  const skipSpace = () => {
    while (pos < header.length && /[ \t]/.test(header[pos] as string)) pos++;
  };
  const readUntil = (close: string) => {
    const end = header.indexOf(close, pos + 1);
    if (end < 0) fail(`missing "${close}"`);
    const value = header.slice(pos + 1, end);
    pos = end + 1;
    return value;
  };
  skipSpace();
  if (pos >= header.length) fail('empty header');
  while (pos < header.length) {
    const c = header[pos];
    if (c === '<') {
      // RFC 4918 §10.4.2: either every list is tagged or none is.
      if (tagged === false) fail('a resource tag after untagged lists');
      tagged = true;
      resource = readUntil('>');
    } else if (c === '(') {
      if (tagged === undefined) tagged = false;
      if (tagged && resource === undefined) fail('a list without a resource tag');
      pos++;
      const conditions: IfCondition[] = [];
      for (;;) {
        skipSpace();
        if (header[pos] === ')') {
          pos++;
          break;
        }
        let not = false;
        if (header.slice(pos, pos + 3).toLowerCase() === 'not') {
          not = true;
          pos += 3;
          skipSpace();
        }
        if (header[pos] === '<') conditions.push({ not, token: readUntil('>') });
        else if (header[pos] === '[') conditions.push({ not, etag: readUntil(']') });
        else fail('expected a state token or an entity tag');
      }
      if (conditions.length === 0) fail('an empty list');
      lists.push({ resource, conditions });
    } else {
      fail(`unexpected "${c}"`);
    }
    skipSpace();
  }
  return lists;
}
