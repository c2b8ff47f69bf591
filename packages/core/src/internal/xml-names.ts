// Element names the parsers react to, as small integer codes so the hot path compares numbers, not
// Clark strings. Code 0 is any other element.

/** The `DAV:` namespace (RFC 4918 §21). */
export const DAV_NS = 'DAV:';
/** Our extension namespace for REST batch data (RFC 4918 §17 allows extension elements). */
export const EXT_NS = 'urn:multistatus:ext';
/** The namespace bound to the `xml` prefix by the Namespaces in XML recommendation. */
export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
/** The namespace of `xmlns` declarations, which no element or attribute may use. */
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export const OTHER = 0;
export const MULTISTATUS = 1;
export const RESPONSE = 2;
export const HREF = 3;
export const STATUS = 4;
export const PROPSTAT = 5;
export const PROP = 6;
export const ERROR = 7;
export const RESPONSEDESCRIPTION = 8;
export const LOCATION = 9;
export const EXT_ID = 10;
export const EXT_BODY = 11;
export const PROPFIND = 12;
export const PROPNAME = 13;
export const ALLPROP = 14;
export const INCLUDE = 15;
export const PROPERTYUPDATE = 16;
export const SET = 17;
export const REMOVE = 18;
export const EXT_HEADERS = 19;

const CODES = new Map<string, number>([
  [`{${DAV_NS}}multistatus`, MULTISTATUS],
  [`{${DAV_NS}}response`, RESPONSE],
  [`{${DAV_NS}}href`, HREF],
  [`{${DAV_NS}}status`, STATUS],
  [`{${DAV_NS}}propstat`, PROPSTAT],
  [`{${DAV_NS}}prop`, PROP],
  [`{${DAV_NS}}error`, ERROR],
  [`{${DAV_NS}}responsedescription`, RESPONSEDESCRIPTION],
  [`{${DAV_NS}}location`, LOCATION],
  [`{${EXT_NS}}id`, EXT_ID],
  [`{${EXT_NS}}body`, EXT_BODY],
  [`{${EXT_NS}}headers`, EXT_HEADERS],
  [`{${DAV_NS}}propfind`, PROPFIND],
  [`{${DAV_NS}}propname`, PROPNAME],
  [`{${DAV_NS}}allprop`, ALLPROP],
  [`{${DAV_NS}}include`, INCLUDE],
  [`{${DAV_NS}}propertyupdate`, PROPERTYUPDATE],
  [`{${DAV_NS}}set`, SET],
  [`{${DAV_NS}}remove`, REMOVE],
]);

/** A resolved element name: its Clark form and its code. */
export interface XmlName {
  readonly clark: string;
  readonly code: number;
}

/** Builds the resolved name of an element in `ns` (`''` for no namespace). */
export function makeXmlName(ns: string, local: string): XmlName {
  const clark = `{${ns}}${local}`;
  return { clark, code: CODES.get(clark) ?? OTHER };
}
