/** The two forms a multistatus body takes. */
export type BodyFormat = 'xml' | 'json';

/**
 * Tells the body's format from its media type (`application/json`, `*+json`, `application/xml`,
 * `text/xml`, `*+xml`), or, when the type says neither, from its first non-blank character.
 */
export function formatOf(contentType: string | undefined, start: string | undefined): BodyFormat | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) return 'xml';
  const first = start?.trimStart()[0];
  if (first === '{') return 'json';
  if (first === '<') return 'xml';
  return undefined;
}
