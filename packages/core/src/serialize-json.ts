import { ErrorCodes, MultiStatusError } from './errors';
import { applyMinimal } from './internal/apply-minimal';
import { DAV_NS, parseClarkName } from './internal/clark-name';
import { stringifyBody } from './internal/stringify-body';
import type { Serializer } from './serialize-xml';
import { reasonPhrase } from './status-line';
import type { Entry, PropStat, PropValue, SerializeOptions, XmlElement, XmlValue } from './types';
import { validateEntry } from './validate-entry';

function clark(name: string, defaultNs: string, what: string): string {
  const { ns, local } = parseClarkName(name, defaultNs, what);
  return ns === '' && defaultNs === '' ? local : `{${ns}}${local}`;
}

function jsonElement(el: XmlElement): XmlElement {
  if (el === null || typeof el !== 'object' || Array.isArray(el) || typeof el.name !== 'string') {
    throw new MultiStatusError(
      ErrorCodes.INVALID_VALUE,
      `Invalid XML content: ${JSON.stringify(el)}. An element is { name, attrs?, children? } with a Clark name.`,
    );
  }
  const out: XmlElement = { name: clark(el.name, DAV_NS, 'element') };
  if (el.attrs !== undefined) {
    const attrs: Record<string, string> = {};
    for (const key in el.attrs) {
      const v = el.attrs[key];
      if (typeof v !== 'string') {
        throw new MultiStatusError(
          ErrorCodes.INVALID_VALUE,
          `Invalid value of attribute ${key} on element ${el.name}: ${JSON.stringify(v)}; expected a string.`,
        );
      }
      attrs[clark(key, '', 'attribute')] = v;
    }
    out.attrs = attrs;
  }
  if (el.children !== undefined && el.children.length > 0)
    out.children = jsonContent(el.children) as Array<XmlElement | string>;
  return out;
}

function jsonContent(value: XmlValue): XmlValue {
  if (!Array.isArray(value)) return jsonElement(value);
  return value.map((item) => (typeof item === 'string' ? item : jsonElement(item)));
}

function jsonValue(name: string, value: PropValue): PropValue {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'object':
      return value === null ? null : jsonContent(value);
    default:
      throw new MultiStatusError(
        ErrorCodes.INVALID_VALUE,
        `Invalid value for property ${name}: a ${typeof value}. Values are text, null, or XML content (XmlElement or an array of XmlElement and strings).`,
      );
  }
}

/** Whether an entry counts as failed in the JSON summary (see docs/json.md). */
function outcome(entry: Entry): 'succeeded' | 'failed' | 'other' {
  if (entry.status !== undefined) {
    return entry.status < 300 ? 'succeeded' : entry.status >= 400 ? 'failed' : 'other';
  }
  // A PROPFIND's 404 propstat says "no such property", not that the resource failed.
  for (const ps of entry.propstat) if (ps.status >= 400 && ps.status !== 404) return 'failed';
  return 'succeeded';
}

/**
 * The canonical JSON form (docs/json.md): `{ description?, responses: [...], summary }`, mirroring the XML
 * model with Clark-keyed props, plus `id`, `body` and an RFC 9457 `problem` on failed entries.
 */
export class JsonSerializer implements Serializer {
  readonly format = 'json' as const;
  readonly contentType = 'application/json; charset=utf-8';
  private readonly minimal: boolean;
  private readonly description: string | undefined;
  private total = 0;
  private succeeded = 0;
  private failed = 0;

  constructor(options: SerializeOptions) {
    this.minimal = options.minimal === true;
    this.description = options.description;
  }

  head(): string {
    const description = this.description === undefined ? '' : `"description":${JSON.stringify(this.description)},`;
    return `{${description}"responses":[\n`;
  }

  tail(): string {
    const summary = JSON.stringify({ total: this.total, succeeded: this.succeeded, failed: this.failed });
    return `],"summary":${summary}}\n`;
  }

  entry(entry: Entry): string {
    validateEntry(entry);
    const out: Record<string, unknown> = { href: entry.href };
    if (entry.id !== undefined) out.id = entry.id;
    if (entry.status !== undefined) {
      out.status = entry.status;
    } else {
      const propstat = this.minimal ? applyMinimal(entry.propstat) : entry.propstat;
      out.propstat = propstat.map((ps: PropStat) => {
        const props: Record<string, PropValue> = {};
        for (const name in ps.props) {
          const key = clark(name, DAV_NS, 'property');
          // `x` and `{DAV:}x` are one property: keeping the last would silently drop the first.
          if (key in props) {
            throw new MultiStatusError(
              ErrorCodes.INVALID_NAME,
              `Property ${name} appears twice in one propstat, once with its bare name. Give each property once.`,
            );
          }
          props[key] = jsonValue(name, ps.props[name] as PropValue);
        }
        const item: Record<string, unknown> = { status: ps.status, props };
        if (ps.error !== undefined) item.error = jsonContent(ps.error);
        if (ps.description !== undefined) item.description = ps.description;
        return item;
      });
    }
    if (entry.location !== undefined) out.location = entry.location;
    if (entry.description !== undefined) out.description = entry.description;
    if (entry.error !== undefined) out.error = jsonContent(entry.error);
    if (entry.headers !== undefined) out.headers = entry.headers;
    const body = entry.body === undefined ? undefined : stringifyBody(entry.body, entry.href);
    const result = outcome(entry);
    if (result === 'failed' && entry.status !== undefined) {
      // RFC 9457 §3: a problem object for the failed item, derived from its status and description.
      const problem: Record<string, unknown> = {
        type: 'about:blank',
        title: reasonPhrase(entry.status),
        status: entry.status,
      };
      if (entry.description !== undefined) problem.detail = entry.description;
      out.problem = problem;
    }
    this.total++;
    if (result === 'succeeded') this.succeeded++;
    else if (result === 'failed') this.failed++;
    const json = JSON.stringify(out);
    const prefix = this.total > 1 ? ',' : '';
    // The body was checked to be JSON above; it is spliced in after the fixed members to keep them first.
    return body === undefined ? `${prefix}${json}\n` : `${prefix}${json.slice(0, -1)},"body":${body}}\n`;
  }
}
