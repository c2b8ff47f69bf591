// A tiny, independent reading of XML for tests: saxes (a strict, namespace-aware XML 1.0 parser that is not
// the one our parser is built on) turns a document into Clark-named nodes, so tests compare meaning
// (namespaces, order, text) rather than prefixes.
import { SaxesParser } from 'saxes';

export interface Node {
  name: string;
  attrs: Record<string, string>;
  children: Array<Node | string>;
}

export function readXml(xml: string): Node {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const root: Node = { name: '#document', attrs: {}, children: [] };
  const stack: Node[] = [root];
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) {
      const attr = a as { uri: string; local: string; prefix: string; value: string };
      if (attr.prefix === 'xmlns' || (attr.prefix === '' && attr.local === 'xmlns')) continue;
      attrs[attr.uri ? `{${attr.uri}}${attr.local}` : attr.local] = attr.value;
    }
    const node: Node = { name: `{${tag.uri ?? ''}}${tag.local}`, attrs, children: [] };
    (stack[stack.length - 1] as Node).children.push(node);
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (text) => {
    const parent = stack[stack.length - 1] as Node;
    const last = parent.children[parent.children.length - 1];
    if (typeof last === 'string') parent.children[parent.children.length - 1] = last + text;
    else parent.children.push(text);
  });
  parser.on('error', (err) => {
    throw err;
  });
  parser.write(xml).close();
  const top = root.children.find((c): c is Node => typeof c !== 'string');
  if (!top) throw new Error('no root element');
  return top;
}

/** The same tree without whitespace-only text between elements (pretty-printing), for comparing documents. */
export function withoutIndentation(node: Node): Node {
  const hasElements = node.children.some((c) => typeof c !== 'string');
  const children: Array<Node | string> = [];
  for (const c of node.children) {
    if (typeof c === 'string') {
      if (hasElements && c.trim() === '') continue;
      children.push(c);
    } else children.push(withoutIndentation(c));
  }
  return { name: node.name, attrs: node.attrs, children };
}

export function elements(node: Node): Node[] {
  return node.children.filter((c): c is Node => typeof c !== 'string');
}

export function textOf(node: Node): string {
  return node.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
