import { randomUUID } from 'node:crypto';
import { constants, lstatSync, opendirSync, realpathSync, type Stats } from 'node:fs';
import { copyFile, mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { DavError } from './internal/dav-error';
import { listDirectory } from './internal/directory-lister';
import { entityTag } from './internal/entity-tag';
import { toDavError } from './internal/fs-errors';
import { memberProps } from './internal/member-props';
import { baseName, isUnsafeSegment, parentPath } from './internal/resource-path';
import type { DeadProps, PropPatchOp, ResourceInfo, StoreMember, WebdavStore } from './store';

/** Dead properties of a collection's members live in one file per collection; the root's own under `.`. */
const PROPS_FILE = '.webdav-props.json';
/** Names the store keeps for itself (the properties file, temporary files); never listed or served. */
const RESERVED_PREFIX = '.webdav-';
/** How listings are read: 256 members per batch (the event loop gets a turn between two), reserved names left out. */
const LIST_OPTIONS = Object.freeze({ batchSize: 256, reservedPrefix: RESERVED_PREFIX });

/**
 * Options for {@link createFsStore}.
 *
 * @example
 * const options: FsStoreOptions = { root: '/srv/dav' };
 */
export interface FsStoreOptions {
  /** The directory served; it must exist. Nothing outside it is ever read or written. */
  root: string;
}

type PropsFile = Record<string, DeadProps>;

function infoOf(stats: Stats): ResourceInfo {
  return {
    type: stats.isDirectory() ? 'collection' : 'file',
    size: stats.isDirectory() ? 0 : stats.size,
    created: stats.birthtimeMs > 0 ? stats.birthtime : stats.ctime,
    modified: stats.mtime,
    etag: entityTag(stats.ino, stats.size, stats.mtimeMs),
  };
}

/** Directories of at most this many entries are listed on the server's own thread (see readSmallDirectory). */
const SMALL_DIRECTORY = 128;

/**
 * The members of a directory of at most {@link SMALL_DIRECTORY} entries, read and `lstat`ed right here, or
 * `undefined` for a bigger one (which goes to the listing thread). A round trip to the thread costs more than
 * `lstat`ing a few dozen files (measured with 20 files: about 1,000 PROPFIND requests per second through the
 * thread, 1,300 without), and holds the event loop for well under a millisecond.
 */
function readSmallDirectory(full: string, props: PropsFile): StoreMember[] | undefined {
  const dir = opendirSync(full, { bufferSize: SMALL_DIRECTORY + 1 });
  const names: string[] = [];
  try {
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
      if (names.length === SMALL_DIRECTORY) return undefined;
      if (!entry.name.startsWith(RESERVED_PREFIX) && !entry.isSymbolicLink()) names.push(entry.name);
    }
  } finally {
    dir.closeSync();
  }
  const prefix = full.endsWith(sep) ? full : full + sep;
  const members: StoreMember[] = [];
  for (const name of names) {
    const stats = lstatSync(prefix + name, { throwIfNoEntry: false });
    // Gone since the directory was read, or swapped for something not served: not a member any more.
    if (!stats || !isServed(stats)) continue;
    members.push({ name, info: infoOf(stats), props: memberProps(props, name) });
  }
  return members;
}

function isServed(stats: Stats): boolean {
  // Symbolic links are never followed (they could point outside the root), nor devices, sockets or FIFOs served.
  return stats.isFile() || stats.isDirectory();
}

/**
 * A store on a directory of the local filesystem, rooted: requests cannot reach outside it through `..`,
 * encoded separators or symbolic links (links are neither followed nor listed). Dead properties are kept in
 * a hidden `.webdav-props.json` in each collection.
 *
 * @example
 * const server = createWebdavServer({ store: createFsStore({ root: '/srv/dav' }) });
 */
export function createFsStore(options: FsStoreOptions): WebdavStore {
  const root = realpathSync(options.root);
  const propsCache = new Map<string, PropsFile>();
  const propsLocks = new Map<string, Promise<unknown>>();

  /** The absolute path of a store path, after checking every segment (defence in depth behind the server's own check). */
  const resolve = (path: string): string => {
    const segments = path.split('/').filter((s) => s !== '');
    for (const segment of segments) {
      if (isUnsafeSegment(segment)) throw new DavError(400, `Invalid path segment "${segment}"`);
      if (segment.startsWith(RESERVED_PREFIX)) throw new DavError(403, `"${segment}" is a reserved name`);
    }
    return segments.length === 0 ? root : join(root, ...segments);
  };

  /**
   * The absolute path of an existing, link-free resource, or `undefined`: its real path must be itself (no
   * symbolic link on the way) and inside the root. Synchronous: on a local disk these are microseconds, and a
   * trip through libuv's thread pool for each of the three checks a request makes cost more than the checks
   * (measured: about a tenth of a small PROPFIND). Listings, which `lstat` every member, run on a thread of
   * their own instead (see listDirectory).
   */
  const existing = async (path: string): Promise<{ full: string; stats: Stats } | undefined> => {
    let full: string;
    try {
      full = resolve(path);
    } catch {
      return undefined;
    }
    let real: string;
    try {
      real = realpathSync.native(full);
    } catch {
      return undefined;
    }
    if (real !== full || (real !== root && !real.startsWith(root + sep))) return undefined;
    const stats = lstatSync(full, { throwIfNoEntry: false });
    return stats && isServed(stats) ? { full, stats } : undefined;
  };

  /** The absolute path of a resource to create; its parent must be an existing, link-free collection. */
  const creatable = async (path: string): Promise<string> => {
    const full = resolve(path);
    const parent = await existing(parentPath(path));
    if (!parent?.stats.isDirectory()) throw new DavError(409, 'The parent collection does not exist');
    return full;
  };

  const must = async (path: string) => {
    const found = await existing(path);
    if (!found) throw new DavError(404, `No resource at ${path}`);
    return found;
  };

  const propsLocation = (path: string): { dir: string; key: string } =>
    path === '/' ? { dir: '/', key: '.' } : { dir: parentPath(path), key: baseName(path) };

  const readProps = async (dir: string): Promise<PropsFile> => {
    const cached = propsCache.get(dir);
    if (cached) return cached;
    let parsed: PropsFile = {};
    try {
      parsed = JSON.parse(await readFile(join(resolve(dir), PROPS_FILE), 'utf8')) as PropsFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (propsCache.size > 1000) propsCache.clear();
    propsCache.set(dir, parsed);
    return parsed;
  };

  /** Read-modify-write of one collection's properties file, one writer at a time, replaced atomically. */
  const updateProps = (dir: string, change: (file: PropsFile) => void): Promise<void> => {
    const previous = propsLocks.get(dir) ?? Promise.resolve();
    const next = previous.then(async () => {
      const current = await readProps(dir);
      const updated: PropsFile = structuredClone(current);
      change(updated);
      const full = join(resolve(dir), PROPS_FILE);
      const temp = join(resolve(dir), `${RESERVED_PREFIX}tmp-${randomUUID()}`);
      await writeFile(temp, JSON.stringify(updated));
      await rename(temp, full);
      propsCache.set(dir, updated);
    });
    const settled = next.catch(() => undefined);
    propsLocks.set(dir, settled);
    settled.then(() => {
      if (propsLocks.get(dir) === settled) propsLocks.delete(dir);
    });
    return next;
  };

  const forgetProps = async (path: string) => {
    const { dir, key } = propsLocation(path);
    if ((await readProps(dir))[key]) await updateProps(dir, (file) => delete file[key]);
  };

  // Cached properties files of a removed or moved subtree would be stale.
  const dropCachedWithin = (path: string) => {
    for (const dir of propsCache.keys()) if (dir === path || dir.startsWith(`${path}/`)) propsCache.delete(dir);
  };

  const remove = async (path: string) => {
    const { full } = await must(path);
    if (full === root) throw new DavError(403, 'The root collection cannot be removed');
    // rm does not follow symbolic links inside the tree; it removes the links themselves.
    await rm(full, { recursive: true, force: true });
    dropCachedWithin(path);
    await forgetProps(path);
  };

  async function* memberBatches(path: string): AsyncGenerator<Iterable<StoreMember>> {
    try {
      const { full } = await must(path);
      const props = await readProps(path);
      const small = readSmallDirectory(full, props);
      if (small === undefined) yield* listDirectory(full, props, LIST_OPTIONS);
      else if (small.length > 0) yield small;
    } catch (err) {
      throw toDavError(err);
    }
  }

  const store: WebdavStore = {
    async stat(path) {
      const found = await existing(path);
      return found ? infoOf(found.stats) : undefined;
    },
    memberBatches,
    async *members(path) {
      for await (const batch of memberBatches(path)) yield* batch;
    },
    async read(path) {
      const { full } = await must(path);
      // O_NOFOLLOW: a link swapped in after the check is refused rather than followed.
      const handle = await open(full, constants.O_RDONLY | constants.O_NOFOLLOW);
      return handle.createReadStream();
    },
    async write(path, content) {
      const full = await creatable(path);
      const temp = join(resolve(parentPath(path)), `${RESERVED_PREFIX}tmp-${randomUUID()}`);
      const handle = await open(
        temp,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        0o644,
      );
      try {
        for await (const chunk of content) await handle.write(chunk);
      } catch (err) {
        await handle.close();
        await rm(temp, { force: true });
        throw err;
      }
      await handle.close();
      // Written aside and renamed into place: a reader never sees half a file.
      await rename(temp, full);
    },
    async createCollection(path) {
      await mkdir(await creatable(path));
    },
    remove,
    async copy(from, to) {
      const source = await must(from);
      const target = await creatable(to);
      if (await existing(to)) await remove(to);
      if (source.stats.isDirectory()) await mkdir(target);
      else await copyFile(source.full, target);
      const { dir, key } = propsLocation(from);
      const props = (await readProps(dir))[key];
      if (props && Object.keys(props).length > 0) {
        const location = propsLocation(to);
        await updateProps(location.dir, (file) => {
          file[location.key] = structuredClone(props);
        });
      }
    },
    async move(from, to) {
      const source = await must(from);
      const target = await creatable(to);
      await rename(source.full, target);
      dropCachedWithin(from);
      const { dir, key } = propsLocation(from);
      const props = (await readProps(dir))[key];
      if (props) {
        await updateProps(dir, (file) => delete file[key]);
        const location = propsLocation(to);
        await updateProps(location.dir, (file) => {
          file[location.key] = props;
        });
      }
    },
    async deadProps(path) {
      await must(path);
      const { dir, key } = propsLocation(path);
      return (await readProps(dir))[key] ?? {};
    },
    async patchDeadProps(path, ops: PropPatchOp[]) {
      await must(path);
      const { dir, key } = propsLocation(path);
      // The whole patch is applied to a copy and written once: all or nothing.
      await updateProps(dir, (file) => {
        const props: DeadProps = { ...(file[key] ?? {}) };
        for (const op of ops) {
          if (op.op === 'set') props[op.name] = op.value;
          else delete props[op.name];
        }
        if (Object.keys(props).length > 0) file[key] = props;
        else delete file[key];
      });
    },
  };
  return withHttpErrors(store);
}

/** The same store, with filesystem errors (ENOSPC, EACCES, …) turned into the HTTP errors they stand for. */
function withHttpErrors(store: WebdavStore): WebdavStore {
  const wrapped = { ...store };
  for (const key of Object.keys(store) as Array<keyof WebdavStore>) {
    if (key === 'members' || key === 'memberBatches') continue;
    const method = store[key] as (...args: unknown[]) => Promise<unknown>;
    (wrapped as Record<string, unknown>)[key] = (...args: unknown[]) =>
      method.apply(store, args).catch((err: unknown) => {
        throw toDavError(err);
      });
  }
  // The listings map their own errors: they are generators, not promises.
  return wrapped;
}
