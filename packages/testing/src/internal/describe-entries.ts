import type { Entry } from '@multistatus/core';
import type { MatcherContextLike } from '../types';
import { toFullClark } from './clark';

const MAX_LINES = 20;

/** One entry on one line: `"/a" 200`, or `"/b" propstat 200: {DAV:}displayname; 404: {E:}color`. */
export function describeEntry(context: MatcherContextLike, entry: Entry): string {
  const { printReceived } = context.utils;
  if (entry.propstat === undefined) return `${printReceived(entry.href)} ${printReceived(entry.status)}`;
  const groups = entry.propstat.map(
    (propstat) =>
      `${printReceived(propstat.status)}: ${Object.keys(propstat.props).map(toFullClark).join(', ') || '(no properties)'}`,
  );
  return `${printReceived(entry.href)} propstat ${groups.join('; ')}`;
}

/** Every entry, one a line (the first twenty), for a failure message. */
export function describeEntries(context: MatcherContextLike, entries: readonly Entry[]): string {
  if (entries.length === 0) return '  (no entries)';
  const lines = entries.slice(0, MAX_LINES).map((entry) => `  ${describeEntry(context, entry)}`);
  if (entries.length > MAX_LINES) lines.push(`  ... and ${entries.length - MAX_LINES} more`);
  return lines.join('\n');
}
