// Serves the WebDAV example alone, on an empty in-memory store: `PORT=8123 pnpm --dir examples/webdav-server start`.
import { createWebdavServer } from './create-webdav-server';

const port = Number(process.env.PORT ?? 8123);
const host = process.env.HOST ?? '127.0.0.1';
const server = createWebdavServer({ allowInfiniteDepth: process.env.WEBDAV_INFINITE_DEPTH === '1' }).listen(
  port,
  host,
  () => {
    const address = server.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    console.log(`WebDAV server (in-memory store) at http://${host}:${actual}/`);
  },
);
