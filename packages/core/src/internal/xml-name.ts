// XML 1.0 (fifth edition) §2.3 NameStartChar / NameChar, without ':' (Namespaces in XML §3: NCName).
const NC_START =
  'A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D' +
  '\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NC_CHAR = `${NC_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NCNAME = new RegExp(`^[${NC_START}][${NC_CHAR}]*$`, 'u');
const ASCII_NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Whether a string is an XML NCName (a name without a colon), as element local names and prefixes must be. */
export function isNcName(name: string): boolean {
  return ASCII_NCNAME.test(name) || NCNAME.test(name);
}
