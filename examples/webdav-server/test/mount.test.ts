import { parseMultiStatus } from '@multistatus/core';
import express from 'express';
import { createWebdavServer } from '../src/create-webdav-server';
import { dav } from './dav-request';

function mounted() {
  const app = express();
  app.get('/', (_req, res) => {
    res.send('the host app');
  });
  app.use('/dav', createWebdavServer());
  return app;
}

describe('createWebdavServer() mounted at /dav in an existing app', () => {
  describe('PROPFIND', () => {
    it('answers with hrefs under the mount point', async () => {
      const app = mounted();
      await dav(app, 'MKCOL', '/dav/docs/');
      await dav(app, 'PUT', '/dav/docs/a.txt', { body: 'a' });
      const res = await dav(app, 'PROPFIND', '/dav/docs/', {
        headers: { Depth: '1' },
        body: '<D:propfind xmlns:D="DAV:"><D:prop><D:getcontentlength/></D:prop></D:propfind>',
      });
      const { entries } = await parseMultiStatus(res.text);
      expect(entries.map((e) => e.href)).toEqual(['/dav/docs/', '/dav/docs/a.txt']);
    });
  });

  describe('COPY', () => {
    it('takes a Destination under the mount point', async () => {
      const app = mounted();
      await dav(app, 'PUT', '/dav/a.txt', { body: 'a' });
      const res = await dav(app, 'COPY', '/dav/a.txt', {
        headers: { Host: '127.0.0.1', Destination: 'http://127.0.0.1/dav/b.txt' },
      });
      expect(res.status).toBe(201);
      expect((await dav(app, 'GET', '/dav/b.txt')).text).toBe('a');
    });

    it('refuses a Destination outside the mount point with 502', async () => {
      const app = mounted();
      await dav(app, 'PUT', '/dav/a.txt', { body: 'a' });
      const res = await dav(app, 'COPY', '/dav/a.txt', {
        headers: { Host: '127.0.0.1', Destination: 'http://127.0.0.1/elsewhere/b.txt' },
      });
      expect(res.status).toBe(502);
    });
  });

  describe('the rest of the host app', () => {
    it('is untouched', async () => {
      expect((await dav(mounted(), 'GET', '/')).text).toBe('the host app');
    });
  });
});
