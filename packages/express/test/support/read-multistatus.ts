import { SaxesParser } from 'saxes';

/** One `<D:response>` as read back by an independent parser (saxes), with statuses as numbers. */
export interface ReadResponse {
  hrefs: string[];
  status?: number;
  propstat: Array<{ status: number; props: Record<string, string | null> }>;
  location?: string;
  description?: string;
  error?: string[];
}

/** What a multistatus document holds, read with saxes: the root's namespace declarations and the responses. */
export interface ReadDocument {
  root: string;
  declarations: Record<string, string>;
  responses: ReadResponse[];
  description?: string;
}

const DAV = 'DAV:';

function statusOf(line: string): number {
  // RFC 4918 §14.28: status is an HTTP status-line, "HTTP/1.1 200 OK"; RFC 9112 §4 lets the reason phrase
  // be empty (an unregistered code), but not the space before it.
  const match = /^\s*HTTP\/1\.1 (\d{3}) [^\r\n]*$/.exec(line);
  if (!match) throw new Error(`not a status line: ${JSON.stringify(line)}`);
  return Number(match[1]);
}

/**
 * Reads a 207 XML body with saxes (strict, namespace-aware) and throws on anything that is not
 * well-formed. Property values are their text content (`null` when empty); names are Clark names.
 */
export function readMultiStatus(xml: string): ReadDocument {
  const parser = new SaxesParser({ xmlns: true });
  const doc: ReadDocument = { root: '', declarations: {}, responses: [] };
  const stack: string[] = [];
  let text = '';
  let response: ReadResponse | undefined;
  let propstat: { status: number; props: Record<string, string | null> } | undefined;
  let propName: string | undefined;
  let propDepth = 0;
  let failure: Error | undefined;

  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('opentag', (tag) => {
    const name = `{${tag.uri}}${tag.local}`;
    if (stack.length === 0) {
      doc.root = name;
      for (const [prefix, uri] of Object.entries(tag.ns ?? {})) doc.declarations[prefix] = uri;
    }
    stack.push(name);
    text = '';
    if (name === `{${DAV}}response`) response = { hrefs: [], propstat: [] };
    else if (name === `{${DAV}}propstat`) propstat = { status: 0, props: {} };
    else if (propstat && stack.at(-2) === `{${DAV}}prop`) {
      propName = name;
      propDepth = stack.length;
    } else if (response && !propstat && stack.at(-2) === `{${DAV}}error`) {
      response.error = [...(response.error ?? []), name];
    }
  });
  parser.on('text', (t) => {
    text += t;
  });
  parser.on('closetag', () => {
    const name = stack.pop();
    const parent = stack.at(-1);
    if (propstat && propName && stack.length + 1 === propDepth) {
      propstat.props[propName] = text === '' ? null : text;
      propName = undefined;
    } else if (name === `{${DAV}}href` && parent === `{${DAV}}response` && response) response.hrefs.push(text);
    else if (name === `{${DAV}}href` && parent === `{${DAV}}location` && response) response.location = text;
    else if (name === `{${DAV}}status` && parent === `{${DAV}}propstat` && propstat) propstat.status = statusOf(text);
    else if (name === `{${DAV}}status` && parent === `{${DAV}}response` && response) response.status = statusOf(text);
    else if (name === `{${DAV}}responsedescription` && parent === `{${DAV}}response` && response)
      response.description = text;
    else if (name === `{${DAV}}responsedescription` && parent === `{${DAV}}multistatus`) doc.description = text;
    else if (name === `{${DAV}}propstat` && response && propstat) {
      response.propstat.push(propstat);
      propstat = undefined;
    } else if (name === `{${DAV}}response` && response) {
      doc.responses.push(response);
      response = undefined;
    }
    text = '';
  });
  parser.write(xml).close();
  if (failure) throw failure;
  return doc;
}
