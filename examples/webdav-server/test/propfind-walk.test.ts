import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseMultiStatus } from '@multistatus/core';
import { createWebdavServer } from '../src/create-webdav-server';
import { createFsStore } from '../src/fs-store';
import { createMemoryStore } from '../src/memory-store';
import type { StoreMember, WebdavStore } from '../src/store';
import { dav } from './dav-request';

const PROPS_BODY =
  '<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:" xmlns:Z="urn:z"><D:prop><D:resourcetype/><Z:tag/></D:prop></D:propfind>';

/**
 * A tree whose walk crosses every edge of a run: a collection of 600 members (more than a listing batch of 256
 * and a run of 256), with subcollections first, at batch and run edges, in the middle and last, each holding a
 * few files and one a further level. Returns every href in depth-first order, members in the order given.
 */
function tree(): { dirs: Map<string, string[]>; files: string[] } {
  const dirs = new Map<string, string[]>();
  const files: string[] = [];
  const top: string[] = [];
  for (let i = 0; i < 600; i++) top.push([0, 255, 256, 257, 300, 511, 512, 599].includes(i) ? `d${i}/` : `f${i}.txt`);
  dirs.set('/w/', top);
  for (const name of top) {
    if (!name.endsWith('/')) continue;
    const inner = name === 'd256/' ? ['x.txt', 'deeper/', 'y.txt'] : ['x.txt', 'y.txt'];
    dirs.set(`/w/${name}`, inner);
    if (name === 'd256/') dirs.set(`/w/${name}deeper/`, ['z.txt']);
  }
  for (const [dir, names] of dirs) for (const name of names) if (!name.endsWith('/')) files.push(dir + name);
  return { dirs, files };
}

/** The hrefs a depth-first walk gives, each collection's members in the order its store lists them. */
async function depthFirst(store: WebdavStore): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string) => {
    out.push(dir);
    const members: StoreMember[] = [];
    for await (const member of store.members(dir === '/w/' ? '/w' : dir.slice(0, -1))) members.push(member);
    for (const { name, info } of members) {
      if (info.type === 'collection') await visit(`${dir}${name}/`);
      else out.push(dir + name);
    }
  };
  await visit('/w/');
  return out;
}

/** A file deep in the tree and a subcollection, each with a dead property `{urn:z}tag` holding its own path. */
const TAGGED = ['/w/d256/deeper/z.txt', '/w/d511/'];

async function fill(app: ReturnType<typeof createWebdavServer>, dirs: Map<string, string[]>) {
  for (const dir of dirs.keys()) expect((await dav(app, 'MKCOL', dir)).status).toBe(201);
  for (const [dir, names] of dirs) {
    for (const name of names) if (!name.endsWith('/')) await dav(app, 'PUT', dir + name, { body: name });
  }
  for (const path of TAGGED) {
    const body = `<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:set><D:prop><Z:tag>${path}</Z:tag></D:prop></D:set></D:propertyupdate>`;
    expect((await dav(app, 'PROPPATCH', path, { body })).status).toBe(207);
  }
}

async function walkHrefs(app: ReturnType<typeof createWebdavServer>) {
  const res = await dav(app, 'PROPFIND', '/w/', { headers: { Depth: 'infinity' }, body: PROPS_BODY });
  expect(res.status).toBe(207);
  const { entries } = await parseMultiStatus(res.text);
  const tags = new Map<string, unknown>();
  for (const e of entries) {
    const found = e.propstat?.find((ps) => ps.status === 200)?.props ?? {};
    if ('{urn:z}tag' in found) tags.set(e.href, found['{urn:z}tag']);
  }
  return { hrefs: entries.map((e) => e.href), tags };
}

/** A store that lists members without their dead properties and without batches: the server asks per member. */
function withoutListedProps(store: WebdavStore): WebdavStore {
  const asked: string[] = [];
  return Object.assign(Object.create(store) as WebdavStore, {
    memberBatches: undefined,
    async *members(path: string): AsyncIterable<StoreMember> {
      for await (const { name, info } of store.members(path)) yield { name, info };
    },
    deadProps(path: string) {
      asked.push(path);
      return store.deadProps(path);
    },
    asked,
  });
}

describe('PROPFIND Depth: infinity walk', () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'webdav-walk-'));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('lists every resource once, depth-first, with dead properties, on the memory store', async () => {
    const { dirs, files } = tree();
    const store = createMemoryStore();
    const app = createWebdavServer({ store, allowInfiniteDepth: true });
    await fill(app, dirs);
    const { hrefs, tags } = await walkHrefs(app);
    expect(hrefs).toEqual(await depthFirst(store));
    expect(hrefs).toHaveLength(dirs.size + files.length);
    expect(Object.fromEntries(tags)).toEqual(Object.fromEntries(TAGGED.map((path) => [path, path])));
  });

  it('lists every resource once, depth-first, with dead properties, on the filesystem store (batches from its thread)', async () => {
    const { dirs, files } = tree();
    const root = join(base, 'root');
    mkdirSync(root);
    const app = createWebdavServer({ store: createFsStore({ root }), allowInfiniteDepth: true });
    await fill(app, dirs);
    const { hrefs, tags } = await walkHrefs(app);
    // The filesystem lists in the directory's own order: each collection's entry is followed by all its
    // members (and theirs) before its next sibling, and every resource comes exactly once.
    expect([...hrefs].sort()).toEqual([...dirs.keys(), ...files].sort());
    const position = new Map(hrefs.map((h, i) => [h, i]));
    for (const dir of dirs.keys()) {
      const start = position.get(dir) as number;
      const inside = hrefs.slice(start + 1).findIndex((h) => !h.startsWith(dir));
      const span = inside === -1 ? hrefs.length - start - 1 : inside;
      const below = [...dirs.keys(), ...files].filter((h) => h !== dir && h.startsWith(dir)).length;
      expect({ dir, span }).toEqual({ dir, span: below });
    }
    expect(Object.fromEntries(tags)).toEqual(Object.fromEntries(TAGGED.map((path) => [path, path])));
  });

  it('asks a store that does not list dead properties for each member, and still finds them', async () => {
    const { dirs, files } = tree();
    const memory = createMemoryStore();
    const store = withoutListedProps(memory);
    const app = createWebdavServer({ store, allowInfiniteDepth: true });
    await fill(app, dirs);
    const asked = (store as unknown as { asked: string[] }).asked;
    asked.length = 0;
    const { hrefs, tags } = await walkHrefs(app);
    expect(hrefs).toEqual(await depthFirst(memory));
    expect(hrefs).toHaveLength(dirs.size + files.length);
    expect(Object.fromEntries(tags)).toEqual(Object.fromEntries(TAGGED.map((path) => [path, path])));
    // Once per member (every resource but the walk's root), in the walk's order; the root's own are read once.
    expect(asked.filter((p) => p === '/w')).toHaveLength(1);
    expect(asked.filter((p) => p !== '/w')).toEqual(hrefs.slice(1).map((h) => h.replace(/\/$/, '')));
  });
});
