import { ErrorCodes, MultiStatusError } from './errors';
import { serializeChunks } from './serialize-chunks';
import type { SerializeOptions, SyncEntrySource } from './types';

/**
 * Renders a whole multistatus document (XML by default, or JSON) from an array or iterable of entries.
 *
 * @example
 * const xml = renderMultiStatus([{ href: '/a', status: 200 }, { href: '/b', status: 404 }]);
 */
export function renderMultiStatus(entries: SyncEntrySource, options: SerializeOptions = {}): string {
  if (entries == null || typeof (entries as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    const hint =
      entries != null && typeof (entries as unknown as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function'
        ? ' It is an async iterable: use streamMultiStatus or writeMultiStatus.'
        : '';
    throw new MultiStatusError(
      ErrorCodes.INVALID_OPTION,
      `renderMultiStatus(entries) takes an array or an iterable of entries.${hint}`,
    );
  }
  let out = '';
  // Large chunks: few rope nodes in the result.
  for (const chunk of serializeChunks(entries, { ...options, chunkSize: 65536 })) out += chunk;
  return out;
}
