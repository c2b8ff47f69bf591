import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMultiStatus } from '@multistatus/core';
import { createWebdavServer } from '../src/create-webdav-server';
import { createFsStore } from '../src/fs-store';
import type { ResourceInfo, StoreMember } from '../src/store';
import { dav } from './dav-request';
import { listen } from './listen';

let base: string;
let root: string;
let outside: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'webdav-fs-'));
  root = join(base, 'root');
  outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'TOP-SECRET-CONTENT');
  writeFileSync(join(root, 'inside.txt'), 'inside');
  symlinkSync(outside, join(root, 'dirlink'));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'filelink'));
});

afterEach(() => rmSync(base, { recursive: true, force: true }));

/** Sends a request with the path exactly as given (supertest and fetch would normalise `..` away). */
async function raw(app: ReturnType<typeof createWebdavServer>, method: string, path: string) {
  const server = await listen(app);
  try {
    return await new Promise<{ status: number | undefined; text: string }>((resolve, reject) => {
      const req = httpRequest(server.url, { method, path }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    await server.close();
  }
}

describe('createFsStore({ root })', () => {
  describe('when a request path climbs with ..', () => {
    it.each(['/../outside/secret.txt', '/%2e%2e/outside/secret.txt', '/x/..%2f..%2foutside%2fsecret.txt'])(
      'answers 400 to GET %s and reveals nothing',
      async (path) => {
        const app = createWebdavServer({ store: createFsStore({ root }) });
        const res = await raw(app, 'GET', path);
        expect(res.status).toBe(400);
        expect(res.text).not.toContain('TOP-SECRET-CONTENT');
      },
    );

    it('is refused by the store itself too, behind the server', async () => {
      const store = createFsStore({ root });
      expect(await store.stat('/../outside/secret.txt')).toBeUndefined();
      await expect(store.write('/../outside/new.txt', (async function* () {})())).rejects.toThrow(
        /Invalid path segment/,
      );
      expect(existsSync(join(outside, 'new.txt'))).toBe(false);
    });
  });

  describe('when the root holds symbolic links to the outside', () => {
    it('does not serve files through them', async () => {
      const app = createWebdavServer({ store: createFsStore({ root }) });
      expect((await dav(app, 'GET', '/dirlink/secret.txt')).status).toBe(404);
      expect((await dav(app, 'GET', '/filelink')).status).toBe(404);
    });

    it('does not write through them (PUT, MKCOL, COPY into a linked directory answer 409)', async () => {
      const app = createWebdavServer({ store: createFsStore({ root }) });
      expect((await dav(app, 'PUT', '/dirlink/new.txt', { body: 'x' })).status).toBe(409);
      expect((await dav(app, 'MKCOL', '/dirlink/newdir/')).status).toBe(409);
      const copy = await dav(app, 'COPY', '/inside.txt', {
        headers: { Host: '127.0.0.1', Destination: 'http://127.0.0.1/dirlink/copied.txt' },
      });
      expect(copy.status).toBe(409);
      expect(existsSync(join(outside, 'new.txt'))).toBe(false);
      expect(existsSync(join(outside, 'newdir'))).toBe(false);
      expect(existsSync(join(outside, 'copied.txt'))).toBe(false);
    });

    it('does not delete or move through them', async () => {
      const app = createWebdavServer({ store: createFsStore({ root }) });
      expect((await dav(app, 'DELETE', '/dirlink/secret.txt')).status).toBe(404);
      expect((await dav(app, 'DELETE', '/filelink')).status).toBe(404);
      const move = await dav(app, 'MOVE', '/dirlink/secret.txt', {
        headers: { Host: '127.0.0.1', Destination: 'http://127.0.0.1/stolen.txt' },
      });
      expect(move.status).toBe(404);
      expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('TOP-SECRET-CONTENT');
    });

    it('leaves them out of PROPFIND listings', async () => {
      const app = createWebdavServer({ store: createFsStore({ root }) });
      const res = await dav(app, 'PROPFIND', '/', {
        headers: { Depth: '1' },
        body: '<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>',
      });
      const { entries } = await parseMultiStatus(res.text);
      expect(entries.map((e) => e.href)).toEqual(['/', '/inside.txt']);
    });
  });

  describe('dead properties', () => {
    const setColor =
      '<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:example:z"><D:set><D:prop><Z:color><Z:red shade="dark"/></Z:color></D:prop></D:set></D:propertyupdate>';
    const getColor = '<D:propfind xmlns:D="DAV:" xmlns:Z="urn:example:z"><D:prop><Z:color/></D:prop></D:propfind>';

    it('survive a restart (a new store on the same root) and follow a MOVE', async () => {
      const first = createWebdavServer({ store: createFsStore({ root }) });
      expect((await dav(first, 'PROPPATCH', '/inside.txt', { body: setColor })).status).toBe(207);
      const second = createWebdavServer({ store: createFsStore({ root }) });
      await dav(second, 'MOVE', '/inside.txt', {
        headers: { Host: '127.0.0.1', Destination: 'http://127.0.0.1/moved.txt' },
      });
      const res = await dav(second, 'PROPFIND', '/moved.txt', { headers: { Depth: '0' }, body: getColor });
      const { entries } = await parseMultiStatus(res.text);
      expect(entries[0]?.propstat).toEqual([
        { status: 200, props: { '{urn:example:z}color': { name: '{urn:example:z}red', attrs: { shade: 'dark' } } } },
      ]);
    });

    it('are listed with each member, at every level of a Depth: infinity walk, under allprop', async () => {
      const app = createWebdavServer({ store: createFsStore({ root }), allowInfiniteDepth: true });
      await dav(app, 'MKCOL', '/d/');
      await dav(app, 'PUT', '/d/e.txt', { body: 'e' });
      await dav(app, 'PROPPATCH', '/inside.txt', { body: setColor });
      await dav(app, 'PROPPATCH', '/d/e.txt', { body: setColor });
      const allprop = '<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>';
      for (const depth of ['1', 'infinity']) {
        const res = await dav(app, 'PROPFIND', '/', { headers: { Depth: depth }, body: allprop });
        const { entries } = await parseMultiStatus(res.text);
        const colored = entries.filter((e) =>
          e.propstat?.some((ps) => ps.status === 200 && '{urn:example:z}color' in ps.props),
        );
        // Directory order is the filesystem's: compared sorted.
        expect(colored.map((e) => e.href).sort()).toEqual(
          depth === '1' ? ['/inside.txt'] : ['/d/e.txt', '/inside.txt'],
        );
      }
    });

    it('live in a file that is neither listed nor served nor writable', async () => {
      const app = createWebdavServer({ store: createFsStore({ root }) });
      await dav(app, 'PROPPATCH', '/inside.txt', { body: setColor });
      expect((await dav(app, 'GET', '/.webdav-props.json')).status).toBe(404);
      expect((await dav(app, 'PUT', '/.webdav-props.json', { body: '{}' })).status).toBe(403);
      const res = await dav(app, 'PROPFIND', '/', { headers: { Depth: '1' }, body: getColor });
      expect(res.text).not.toContain('webdav-props');
    });
  });
});

/** Whether this process holds a file descriptor open on `path` (Linux: /proc/self/fd). */
function holdsOpen(path: string): boolean {
  return readdirSync('/proc/self/fd').some((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false; // closed since it was listed
    }
  });
}

describe('createFsStore({ root }).memberBatches(path)', () => {
  const linuxOnly = existsSync('/proc/self/fd') ? it : it.skip;

  it('lists a small directory in one batch, leaving out links and its own reserved files', async () => {
    mkdirSync(join(root, 'sub'));
    writeFileSync(join(root, '.webdav-props.json'), '{}');
    const store = createFsStore({ root });
    const batches: string[][] = [];
    for await (const batch of store.memberBatches?.('/') ?? []) batches.push([...batch].map((m) => m.name).sort());
    expect(batches).toEqual([['inside.txt', 'sub']]);
  });

  it('lists every file and directory in batches of at most 256, with the same info as stat()', async () => {
    for (let i = 0; i < 300; i++) writeFileSync(join(root, `f${i}.txt`), 'x'.repeat(i));
    mkdirSync(join(root, 'sub'));
    // A modification time whose microseconds below the ninth digit begin with zeros (they are written apart).
    utimesSync(join(root, 'f7.txt'), 1_700_000_000, 1_700_000_000.000123);
    const store = createFsStore({ root });
    const sizes: number[] = [];
    const members = new Map<string, StoreMember>();
    for await (const batch of store.memberBatches?.('/') ?? []) {
      const listed = [...batch];
      sizes.push(listed.length);
      for (const member of listed) members.set(member.name, member);
    }
    // 300 files, sub/ and inside.txt; the two symbolic links are not members.
    expect(sizes).toEqual([256, 46]);
    expect([...members.keys()].sort()).toEqual(
      readdirSync(root)
        .filter((n) => !n.endsWith('link'))
        .sort(),
    );
    for (const name of ['f0.txt', 'f299.txt', 'sub']) {
      const { info } = members.get(name) as StoreMember;
      const stat = await store.stat(`/${name}`);
      // Dates compared by time: stat()'s come from Node's fs, in another realm than the test's.
      const times = (i?: ResourceInfo) => i && { ...i, created: i.created.getTime(), modified: i.modified.getTime() };
      expect(times(info)).toEqual(times(stat));
    }
    // The tag itself: inode, size and the modification time in whole microseconds, its zeros kept (entityTag
    // writes the microseconds in two halves).
    const f7 = statSync(join(root, 'f7.txt'));
    expect(members.get('f7.txt')?.info.etag).toBe(`"${f7.ino}-${f7.size}-${Math.floor(f7.mtimeMs * 1000)}"`);
    // Every member's entity tag is the one stat() gives.
    const tags = await Promise.all([...members.keys()].map(async (name) => (await store.stat(`/${name}`))?.etag));
    expect([...members.values()].map((m) => m.info.etag)).toEqual(tags);
    expect(members.get('f299.txt')?.info).toMatchObject({ type: 'file', size: 299 });
    expect(members.get('sub')?.info).toMatchObject({ type: 'collection', size: 0 });
  });

  linuxOnly(
    'opens the directory only once a batch is asked for, and closes it when the listing is stopped',
    async () => {
      for (let i = 0; i < 600; i++) writeFileSync(join(root, `f${i}.txt`), 'x');
      const store = createFsStore({ root });
      const batches = store.memberBatches?.('/')[Symbol.asyncIterator]();
      if (!batches) throw new Error('the filesystem store has memberBatches');
      expect(holdsOpen(root)).toBe(false);
      expect([...((await batches.next()).value as Iterable<StoreMember>)]).toHaveLength(256);
      // The listing thread reads the next batch meanwhile, with the directory open.
      expect(holdsOpen(root)).toBe(true);
      await batches.return?.(undefined);
      // The thread closes it when it gets the message: waited for, not timed.
      while (holdsOpen(root)) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(holdsOpen(root)).toBe(false);
    },
  );

  it('leaves nothing waiting on the listing thread once listings end or stop: the process exits by itself', async () => {
    for (let i = 0; i < 700; i++) writeFileSync(join(root, `f${i}.txt`), 'x');
    // A listing read to its end and one stopped after its first batch: if any request to the thread were
    // left waiting, the thread would keep this process alive.
    const script = `
      const { createFsStore } = require('./src/fs-store');
      (async () => {
        const store = createFsStore({ root: process.env.LIST_ROOT });
        let count = 0;
        for await (const batch of store.memberBatches('/')) count += [...batch].length;
        for await (const batch of store.memberBatches('/')) break;
        console.log('listed ' + count);
      })();`;
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: join(__dirname, '..'),
      env: { ...process.env, LIST_ROOT: root },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | string>((resolve) => {
      // Generous: the child starts tsx; a hang is what this test is about, and it ends the wait.
      const timer = setTimeout(() => {
        child.kill();
        resolve('still running after 20 s');
      }, 20_000);
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode ?? -1);
      });
    });
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: 'listed 701' });
  }, 30_000);

  it('fails with 409 when the collection is no directory by the time it is read', async () => {
    const store = createFsStore({ root });
    // inside.txt exists, so the store's checks pass; the listing thread's opendir meets a file.
    const listing = store.memberBatches?.('/inside.txt')[Symbol.asyncIterator]();
    await expect(listing?.next()).rejects.toMatchObject({ status: 409 });
  });

  it('fails with 404 for a collection that does not exist', async () => {
    const store = createFsStore({ root });
    await expect(store.memberBatches?.('/nope')[Symbol.asyncIterator]().next()).rejects.toMatchObject({ status: 404 });
  });
});

describe('createFsStore({ root }) when the filesystem refuses', () => {
  it('answers 400, not 500, to a name too long for it', async () => {
    const app = createWebdavServer({ store: createFsStore({ root }) });
    const res = await dav(app, 'PUT', `/${'n'.repeat(300)}.txt`, { body: 'x' });
    expect(res.status).toBe(400);
    expect(res.text).toBe('A path segment is too long for the filesystem\n');
  });
});
