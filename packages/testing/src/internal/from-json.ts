import type { Entry, PropStat, PropValue, XmlElement, XmlValue } from '@multistatus/core';
import { ErrorCodes, MultiStatusParseError } from '@multistatus/core';
import type { MultiStatusSummary, ParsedMultiStatus } from '../types';
import { normalizePropValue, normalizeXmlValue, toFullClark } from './clark';

type Json = Record<string, unknown>;

// JSON carries no positions once parsed: structural errors name the JSON path instead, and point at the start.
const START = { line: 1, column: 1 };

function invalid(path: string, rule: string, value: unknown): MultiStatusParseError {
  return new MultiStatusParseError(
    ErrorCodes.PARSE_INVALID,
    `Invalid multistatus JSON: ${path} ${rule}, got ${show(value)}`,
    START,
  );
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return typeof value;
  }
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readStatus(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid(path, 'must be an integer status', value);
  return value;
}

function readOptionalString(source: Json, key: string, path: string): string | undefined {
  const value = source[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`${path}.${key}`, 'must be a string', value);
  return value;
}

function isXmlElement(value: unknown): value is XmlElement {
  if (!isObject(value) || typeof value.name !== 'string' || value.name.length === 0) return false;
  const { attrs, children } = value;
  if (attrs !== undefined && (!isObject(attrs) || !Object.values(attrs).every((v) => typeof v === 'string'))) {
    return false;
  }
  return children === undefined || (Array.isArray(children) && children.every(isXmlChild));
}

function isXmlChild(value: unknown): value is XmlElement | string {
  return typeof value === 'string' || isXmlElement(value);
}

function readXmlValue(value: unknown, path: string): XmlValue {
  if (isXmlElement(value)) return normalizeXmlValue(value);
  if (Array.isArray(value) && value.every(isXmlChild)) return normalizeXmlValue(value);
  throw invalid(
    path,
    'must be XML content (an element { name, attrs?, children? } or an array of elements and text)',
    value,
  );
}

function readPropValue(value: unknown, path: string): PropValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return normalizePropValue(readXmlValue(value, path));
}

function readPropStat(value: unknown, path: string): PropStat {
  if (!isObject(value)) throw invalid(path, 'must be an object { status, props }', value);
  const status = readStatus(value.status, `${path}.status`);
  if (!isObject(value.props)) throw invalid(`${path}.props`, 'must be an object keyed by Clark names', value.props);
  const props: Record<string, PropValue> = {};
  for (const [name, propValue] of Object.entries(value.props)) {
    props[toFullClark(name)] = readPropValue(propValue, `${path}.props[${JSON.stringify(name)}]`);
  }
  const propstat: PropStat = { status, props };
  if (value.error !== undefined) propstat.error = readXmlValue(value.error, `${path}.error`);
  const description = readOptionalString(value, 'description', path);
  if (description !== undefined) propstat.description = description;
  return propstat;
}

function readEntry(value: unknown, path: string): Entry {
  if (!isObject(value)) throw invalid(path, 'must be an object', value);
  const href = value.href;
  if (typeof href !== 'string' || href.length === 0) throw invalid(`${path}.href`, 'must be a non-empty string', href);
  // RFC 4918 §13: a response carries a status for the resource or propstats, never both.
  const hasStatus = value.status !== undefined;
  const hasPropstat = value.propstat !== undefined;
  if (hasStatus === hasPropstat) {
    throw invalid(path, 'must have exactly one of "status" and "propstat"', value);
  }
  let entry: Entry;
  if (hasStatus) {
    entry = { href, status: readStatus(value.status, `${path}.status`) };
  } else {
    const propstat = value.propstat;
    if (!Array.isArray(propstat) || propstat.length === 0) {
      throw invalid(`${path}.propstat`, 'must be a non-empty array', propstat);
    }
    entry = { href, propstat: propstat.map((item, i) => readPropStat(item, `${path}.propstat[${i}]`)) };
  }
  const location = readOptionalString(value, 'location', path);
  if (location !== undefined) entry.location = location;
  if (value.error !== undefined) entry.error = readXmlValue(value.error, `${path}.error`);
  const description = readOptionalString(value, 'description', path);
  if (description !== undefined) entry.description = description;
  const id = readOptionalString(value, 'id', path);
  if (id !== undefined) entry.id = id;
  if (value.body !== undefined) entry.body = value.body;
  // `problem` is derived from the status (RFC 9457) when the body is written: not part of the entry model.
  return entry;
}

function readSummary(value: unknown): MultiStatusSummary {
  if (!isObject(value)) throw invalid('summary', 'must be an object { total, succeeded, failed }', value);
  const count = (key: keyof MultiStatusSummary): number => {
    const n = value[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
      throw invalid(`summary.${key}`, 'must be a non-negative integer', n);
    }
    return n;
  };
  return { total: count('total'), succeeded: count('succeeded'), failed: count('failed') };
}

/**
 * Reads the JSON form of a multistatus (already `JSON.parse`d) back into the entry model: Clark names in
 * full, the derived `problem` objects dropped, everything else kept. Throws a `MultiStatusParseError`
 * (PARSE_INVALID) that names the JSON path at fault.
 */
export function fromJson(document: unknown): ParsedMultiStatus {
  if (!isObject(document)) throw invalid('the document', 'must be an object { responses, summary }', document);
  if (!Array.isArray(document.responses)) throw invalid('responses', 'must be an array', document.responses);
  const result: ParsedMultiStatus = {
    entries: document.responses.map((item, i) => readEntry(item, `responses[${i}]`)),
  };
  const description = readOptionalString(document, 'description', 'the document');
  if (description !== undefined) result.description = description;
  if (document.summary !== undefined) result.summary = readSummary(document.summary);
  return result;
}

/** Parses JSON text and reads it with {@link fromJson}; a syntax error is a `MultiStatusParseError` too. */
export function fromJsonText(text: string): ParsedMultiStatus {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    throw new MultiStatusParseError(
      ErrorCodes.PARSE_MALFORMED,
      `Invalid multistatus JSON: ${(cause as Error).message}`,
      positionOf(text, cause as Error),
      { cause },
    );
  }
  return fromJson(document);
}

// V8 names the offset in some syntax errors ("... at position 12"); turn it into a line and column.
function positionOf(text: string, error: Error): { line: number; column: number } {
  const match = /position (\d+)/.exec(error.message);
  if (!match) return START;
  const offset = Math.min(Number(match[1]), text.length);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}
