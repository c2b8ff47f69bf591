import { parseMultiStatus } from '@multistatus/core';
import { createWebdavServer } from '../src/create-webdav-server';
import { LockManager } from '../src/lock-manager';
import { dav, lockinfo, takeLock } from './dav-request';

describe('LOCK', () => {
  describe('on an unmapped URL', () => {
    it('creates an empty resource and answers 201 with Lock-Token and the lockdiscovery', async () => {
      const app = createWebdavServer();
      const res = await dav(app, 'LOCK', '/new.txt', {
        headers: { Timeout: 'Second-600', Depth: '0' },
        body: lockinfo('exclusive'),
      });
      expect(res.status).toBe(201);
      const token = res.headers['lock-token'];
      expect(token).toMatch(/^<urn:uuid:[0-9a-f-]{36}>$/);
      expect(res.text).toBe(
        '<?xml version="1.0" encoding="utf-8"?>\n<D:prop xmlns:D="DAV:"><D:lockdiscovery><D:activelock>' +
          '<D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype><D:depth>0</D:depth>' +
          '<D:owner>tests</D:owner><D:timeout>Second-600</D:timeout>' +
          `<D:locktoken><D:href>${token?.slice(1, -1)}</D:href></D:locktoken>` +
          '<D:lockroot><D:href>/new.txt</D:href></D:lockroot></D:activelock></D:lockdiscovery></D:prop>',
      );
      expect((await dav(app, 'GET', '/new.txt')).text).toBe('');
    });
  });

  describe('when an exclusive lock is held', () => {
    it('refuses another lock with 423 and writes without the token with 423', async () => {
      const app = createWebdavServer();
      await dav(app, 'PUT', '/f', { body: 'x' });
      const token = await takeLock(app, '/f');
      expect((await dav(app, 'LOCK', '/f', { body: lockinfo('shared') })).status).toBe(423);
      expect((await dav(app, 'PUT', '/f', { body: 'y' })).status).toBe(423);
      expect((await dav(app, 'PUT', '/f', { headers: { If: `(<${token}>)` }, body: 'y' })).status).toBe(204);
    });
  });

  describe('shared locks', () => {
    it('coexist, and each token lets its holder write', async () => {
      const app = createWebdavServer();
      await dav(app, 'PUT', '/f', { body: 'x' });
      const first = await takeLock(app, '/f', 'shared');
      const second = await takeLock(app, '/f', 'shared');
      expect(first).not.toBe(second);
      expect((await dav(app, 'PUT', '/f', { headers: { If: `(<${second}>)` }, body: 'y' })).status).toBe(204);
    });
  });

  describe('with Depth: infinity on a collection whose member holds a conflicting lock', () => {
    it('answers 207: 423 for the member and 424 for the request URI', async () => {
      const app = createWebdavServer();
      await dav(app, 'MKCOL', '/c/');
      await dav(app, 'PUT', '/c/m', { body: 'x' });
      await takeLock(app, '/c/m', 'exclusive', '0');
      const res = await dav(app, 'LOCK', '/c/', { headers: { Depth: 'infinity' }, body: lockinfo('exclusive') });
      expect(res.status).toBe(207);
      const { entries } = await parseMultiStatus(res.text);
      expect(entries).toEqual([
        { href: '/c/m', status: 423 },
        { href: '/c/', status: 424 },
      ]);
    });
  });

  describe('a refresh (empty body with the token in If)', () => {
    it('restarts the timeout and answers 200 with the lock', async () => {
      const app = createWebdavServer();
      await dav(app, 'PUT', '/f', { body: 'x' });
      const token = await takeLock(app, '/f');
      const res = await dav(app, 'LOCK', '/f', { headers: { If: `(<${token}>)`, Timeout: 'Second-100' } });
      expect(res.status).toBe(200);
      expect(res.text).toContain('<D:timeout>Second-100</D:timeout>');
      expect(res.text).toContain(`<D:locktoken><D:href>${token}</D:href></D:locktoken>`);
    });
  });

  describe('when the lock times out', () => {
    it('is gone: writes succeed without a token (RFC 4918 §6.6)', async () => {
      let now = 1_000_000;
      const app = createWebdavServer({ locks: new LockManager({ now: () => now }) });
      await dav(app, 'PUT', '/f', { body: 'x' });
      await dav(app, 'LOCK', '/f', { headers: { Timeout: 'Second-10' }, body: lockinfo('exclusive') });
      expect((await dav(app, 'PUT', '/f', { body: 'y' })).status).toBe(423);
      now += 11_000;
      expect((await dav(app, 'PUT', '/f', { body: 'y' })).status).toBe(204);
    });
  });
});

describe('UNLOCK', () => {
  describe('with a token that does not cover the resource', () => {
    it('answers 409 with DAV:lock-token-matches-request-uri', async () => {
      const app = createWebdavServer();
      await dav(app, 'PUT', '/a', { body: 'x' });
      await dav(app, 'PUT', '/b', { body: 'x' });
      const token = await takeLock(app, '/a');
      const res = await dav(app, 'UNLOCK', '/b', { headers: { 'Lock-Token': `<${token}>` } });
      expect(res.status).toBe(409);
      expect(res.text).toContain('<D:lock-token-matches-request-uri/>');
    });
  });

  describe('with the right token', () => {
    it('answers 204 and the resource can be written again without it', async () => {
      const app = createWebdavServer();
      await dav(app, 'PUT', '/a', { body: 'x' });
      const token = await takeLock(app, '/a');
      expect((await dav(app, 'UNLOCK', '/a', { headers: { 'Lock-Token': `<${token}>` } })).status).toBe(204);
      expect((await dav(app, 'PUT', '/a', { body: 'y' })).status).toBe(204);
    });
  });
});
