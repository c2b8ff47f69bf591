import type { ServerResponse } from 'node:http';
import type { MultiStatusOptions as CoreOptions, MultiStatusEntries } from '@multistatus/core';
import { writeMultiStatus } from '@multistatus/core';

/**
 * Every option of core's writer: `format`, `formats`, `namespaces`, `invalidChars`, `description`,
 * `minimal`, `commit` and `signal` (see docs/express.md).
 */
export type MultiStatusOptions = CoreOptions;

/**
 * What a 207 can be made of: an array, an iterable, an async iterable of entries, a core collector, or a
 * producer function that is handed an `AbortSignal`.
 */
export type MultiStatusSource = MultiStatusEntries;

/**
 * Sends a `207 Multi-Status` on an Express (or plain Node) response without the middleware; the promise
 * settles when the response is finished.
 *
 * @example
 * app.get('/report', (req, res, next) => {
 *   sendMultiStatus(res, [{ href: '/a', status: 200 }]).catch(next);
 * });
 */
export function sendMultiStatus(
  res: ServerResponse,
  entries: MultiStatusSource,
  options: MultiStatusOptions = {},
): Promise<void> {
  return writeMultiStatus(res, entries, options);
}
