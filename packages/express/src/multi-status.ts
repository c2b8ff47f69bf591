import type { IncomingMessage, ServerResponse } from 'node:http';
import { mergeMultiStatusOptions } from '@multistatus/core';
import type { MultiStatusOptions, MultiStatusSource } from './send-multi-status';
import { sendMultiStatus } from './send-multi-status';

declare global {
  namespace Express {
    interface Response {
      /**
       * Sends a `207 Multi-Status` made of `entries`; the promise settles when the response is finished and
       * rejects, with nothing written, when an entry is invalid.
       *
       * @example
       * app.post('/users/bulk', (req, res, next) => {
       *   res.multiStatus([{ href: '/users/1', status: 201 }]).catch(next);
       * });
       */
      multiStatus(entries: MultiStatusSource, options?: MultiStatusOptions): Promise<void>;
    }
  }
}

type WithMultiStatus = ServerResponse & {
  multiStatus?: (entries: MultiStatusSource, options?: MultiStatusOptions) => Promise<void>;
};

/**
 * Creates the middleware that adds `res.multiStatus(entries, options?)`, with `options` as the app-level
 * defaults that each call may override.
 *
 * @example
 * app.use(multiStatus({ namespaces: { E: 'http://example.com/ns/' } }));
 * app.get('/report', async (req, res) => {
 *   await res.multiStatus([{ href: '/a', status: 200 }, { href: '/b', status: 404 }]);
 * });
 */
export function multiStatus(
  options: MultiStatusOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const defaults = mergeMultiStatusOptions(options, undefined);
  return function multiStatusMiddleware(_req, res, next) {
    // An own property, not a patch of express.response: it survives Express re-parenting `res` into a
    // mounted sub-app's prototype, and importing this package changes nothing.
    (res as WithMultiStatus).multiStatus = (entries, callOptions) =>
      sendMultiStatus(res, entries, mergeMultiStatusOptions(defaults, callOptions));
    next();
  };
}
