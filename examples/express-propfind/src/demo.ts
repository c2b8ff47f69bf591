import type { Demo } from '../../demo/src/demo';
import { createApp } from './app';

const PROPFIND_BODY = `'<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:displayname/><D:getcontentlength/><D:getetag/></D:prop></D:propfind>'`;

/**
 * This example in the root `pnpm start` demo.
 *
 * @example
 * const listener = demo.createListener();
 */
export const demo: Demo = {
  name: 'express-propfind',
  path: '/',
  summary: 'Read-only PROPFIND over an in-memory tree, streamed from an async generator (Depth 0, 1, infinity).',
  createListener: () => createApp(),
  tryIt: (url) => [
    `curl -si -X PROPFIND ${url}/docs/ -H 'Depth: 1'`,
    `curl -s -X PROPFIND ${url}/docs/ -H 'Depth: 1' -H 'Prefer: return=minimal' -H 'Content-Type: application/xml' -d ${PROPFIND_BODY}`,
    `curl -s -X PROPFIND ${url}/big/ -H 'Depth: 1' -H 'Accept: application/json' | head -c 600`,
  ],
};
