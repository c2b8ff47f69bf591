import type { Demo } from '../../demo/src/demo';
import { createApp } from './app';

const items = `'[{"email":"ada@example.com","name":"Ada"},{"email":"not-an-address"},{"email":"ada@example.com","name":"Ada again"}]'`;

/**
 * This example in the root `pnpm start` demo.
 *
 * @example
 * const listener = demo.createListener();
 */
export const demo: Demo = {
  name: 'express-bulk',
  path: '/users/bulk',
  summary: 'Bulk create on Express 5: 201, 422 and 409 items in one 207 (XML, or JSON on request).',
  createListener: () => createApp(),
  tryIt: (url) => [
    `curl -si -X POST ${url}/users/bulk -H 'Content-Type: application/json' -d ${items}`,
    `curl -s -X POST ${url}/users/bulk -H 'Content-Type: application/json' -H 'Accept: application/json' -d '[{"email":"grace@example.com","name":"Grace"}]'`,
  ],
};
