import type { Demo } from '../../demo/src/demo';
import { createApp, DEMO_TOKEN } from './app';

const batch = JSON.stringify({
  requests: [
    { id: 'create', method: 'POST', url: '/notes', body: { title: 'Try the batch endpoint' } },
    { id: 'finish', method: 'PATCH', url: '/notes/1', body: { done: true }, dependsOn: ['create'] },
    { id: 'missing', method: 'GET', url: '/notes/99' },
    { id: 'skipped', method: 'DELETE', url: '/notes/99', dependsOn: ['missing'] },
  ],
});

/**
 * This example in the root `pnpm start` demo.
 *
 * @example
 * const listener = demo.createListener();
 */
export const demo: Demo = {
  name: 'express-batch',
  path: '/batch',
  summary: 'Graph/OData JSON batches on Express 5: each request runs through the app (auth, rate limit, routes).',
  createListener: () => createApp(),
  tryIt: (url) => [
    `curl -s -X POST ${url}/batch -H 'Authorization: Bearer ${DEMO_TOKEN}' -H 'Content-Type: application/json' -d '${batch}'`,
    `curl -si -X POST ${url}/batch -H 'Authorization: Bearer ${DEMO_TOKEN}' -H 'Content-Type: application/json' -d '{"requests":[{"id":"1","method":"GET","url":"http://169.254.169.254/"}]}'`,
  ],
};
