import type { RequestListener } from 'node:http';

/**
 * What an example hands the demo server: a name, a fresh app on its in-memory store, and a few commands
 * to try against it.
 *
 * @example
 * export const demo: Demo = {
 *   name: 'express-bulk',
 *   path: '/users/bulk',
 *   createListener: () => createApp(),
 *   tryIt: (url) => [`curl -si -X POST ${url}/users/bulk -H 'Content-Type: application/json' -d '[]'`],
 * };
 */
export interface Demo {
  name: string;
  /** The path to print after the example's base URL. */
  path: string;
  /** A one-line description printed under the name. */
  summary: string;
  createListener(): RequestListener;
  /** Shell commands (curl lines) to try, given the example's base URL. */
  tryIt(url: string): string[];
}
