import type { Demo } from '../../demo/src/demo';
import { createApp } from './create-webdav-server';

/**
 * This example in the root `pnpm start` demo: a WebDAV server on an empty in-memory store.
 *
 * @example
 * const listener = demo.createListener();
 */
export const demo: Demo = {
  name: 'webdav-server',
  path: '/',
  summary: 'WebDAV class 1 and 2 on Express (in-memory store): PROPFIND, PROPPATCH, LOCK, COPY/MOVE; litmus passes.',
  createListener: () => createApp(),
  tryIt: (url) => [
    `curl -s -X MKCOL ${url}/docs/ && curl -s -T README.md ${url}/docs/readme.md`,
    `curl -s -X PROPFIND ${url}/docs/ -H 'Depth: 1' -H 'Content-Type: application/xml' -d '<D:propfind xmlns:D="DAV:"><D:prop><D:getcontentlength/><D:resourcetype/></D:prop></D:propfind>'`,
    `litmus ${url}/`,
  ],
};
