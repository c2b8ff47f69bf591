import type { XmlElement } from '@multistatus/core';
import sax from 'sax';
import { DavError } from './dav-error';

/** Request bodies the server reads into memory are small XML documents; larger ones are refused. */
const MAX_DEPTH = 64;

/**
 * Parses a small XML request body (a LOCK `lockinfo`) into Clark-named plain elements, refusing
 * DOCTYPEs so no entity is ever expanded (RFC 4918 §20.6).
 *
 * @example
 * const root = readXml(Buffer.from('<D:lockinfo xmlns:D="DAV:"/>'));
 */
export function readXml(body: Buffer): XmlElement {
  const parser = sax.parser(true, { xmlns: true, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  const fail = (message: string) => {
    failure ??= new DavError(400, `${message} (line ${parser.line + 1}, column ${parser.column + 1})`);
  };
  parser.onerror = (err) => {
    fail(`Malformed XML body: ${err.message.split('\n')[0]}`);
    // sax keeps its error until resumed; the first one is enough to reject the body.
    parser.error = null as unknown as Error;
  };
  parser.ondoctype = () => fail('DOCTYPE is not allowed in a WebDAV request body');
  parser.onopentag = (tag) => {
    const qualified = tag as sax.QualifiedTag;
    if (qualified.prefix && !qualified.uri) fail(`Undeclared namespace prefix "${qualified.prefix}"`);
    const element: XmlElement = { name: `{${qualified.uri}}${qualified.local}` };
    for (const attr of Object.values(qualified.attributes)) {
      if (attr.prefix === 'xmlns' || attr.name === 'xmlns') {
        // RFC 4918 §8.1 / Namespaces in XML 1.0 §3: a prefix cannot be bound to the empty name.
        if (attr.name !== 'xmlns' && attr.value === '') fail(`Empty namespace for prefix "${attr.local}"`);
        continue;
      }
      element.attrs ??= {};
      element.attrs[attr.uri ? `{${attr.uri}}${attr.local}` : attr.local] = attr.value;
    }
    const parent = stack[stack.length - 1];
    if (!parent) root = element;
    else if (parent.children) parent.children.push(element);
    else parent.children = [element];
    stack.push(element);
    if (stack.length > MAX_DEPTH) fail('XML body nested too deeply');
  };
  parser.onclosetag = () => {
    const element = stack.pop();
    if (element?.children) {
      const hasElements = element.children.some((child) => typeof child !== 'string');
      // Whitespace between elements is layout, not content.
      if (hasElements) element.children = element.children.filter((c) => typeof c !== 'string' || c.trim() !== '');
      if (element.children.length === 0) delete element.children;
    }
  };
  const addText = (text: string) => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    if (!parent.children) parent.children = [];
    const children = parent.children;
    const last = children[children.length - 1];
    if (typeof last === 'string') children[children.length - 1] = last + text;
    else children.push(text);
  };
  parser.ontext = addText;
  parser.oncdata = addText;
  parser.write(body.toString('utf8')).close();
  if (failure) throw failure;
  if (!root) throw new DavError(400, 'Empty XML body');
  return root;
}
