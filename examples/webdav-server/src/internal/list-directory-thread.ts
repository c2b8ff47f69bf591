/**
 * A request from the server to the listing thread: open a directory and send its first batch, send the next
 * batch of an open listing, or close a listing the server no longer wants.
 *
 * @example
 * const request: ListRequest = { op: 'open', id: 1, path: '/srv/dav/docs', options: { batchSize: 256, reservedPrefix: '.webdav-' } };
 */
export type ListRequest =
  | { op: 'open'; id: number; path: string; options: ListOptions }
  | { op: 'next' | 'close'; id: number };

/**
 * One batch of a listing, from the listing thread: the members' names and entity tags joined with `/` (which
 * no name can hold), and three numbers per member in `numbers`: its size (-1 for a directory), its creation
 * and its modification time in milliseconds. `done` marks the last batch; `error` a listing that failed.
 *
 * @example
 * const reply: ListReply = { id: 1, count: 1, names: 'a.txt', etags: '"12-3-1700000000000000"', numbers, done: true };
 */
export interface ListReply {
  id: number;
  count: number;
  names: string;
  etags: string;
  numbers: Float64Array;
  done: boolean;
  error?: { code?: string; message: string };
}

/**
 * How one directory is listed.
 *
 * @example
 * const options: ListOptions = { batchSize: 256, reservedPrefix: '.webdav-' };
 */
export interface ListOptions {
  /** Members per batch. */
  batchSize: number;
  /** Names the store keeps for itself: never listed. */
  reservedPrefix: string;
}

/**
 * The body of the listing thread (a `worker_threads` Worker): it reads directories (`opendir`) and `lstat`s
 * their members, a batch at a time as the server asks, and answers with plain strings and one transferred
 * array of numbers per batch, so the server's thread neither waits on the filesystem nor builds a `Stats`
 * object per member. It runs as source text (`listDirectoryThread.toString()`), so it names nothing outside
 * itself: modules come from `require`, settings from the requests.
 *
 * @example
 * new Worker(`(${listDirectoryThread.toString()})()`, { eval: true });
 */
export function listDirectoryThread(): void {
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  const { lstatSync, opendirSync } = require('node:fs') as typeof import('node:fs');
  const { sep } = require('node:path') as typeof import('node:path');
  const listings = new Map<number, { dir: import('node:fs').Dir; prefix: string; options: ListOptions }>();
  const port = parentPort as import('node:worker_threads').MessagePort;

  const close = (id: number) => {
    const listing = listings.get(id);
    listings.delete(id);
    try {
      listing?.dir.closeSync();
    } catch {
      // Already closed: nothing to release.
    }
  };

  port.on('message', (request: ListRequest) => {
    const { id } = request;
    if (request.op === 'close') {
      close(id);
      return;
    }
    try {
      if (request.op === 'open') {
        const path = request.path;
        listings.set(id, {
          dir: opendirSync(path, { bufferSize: 1024 }),
          prefix: path.endsWith(sep) ? path : path + sep,
          options: request.options,
        });
      }
      const listing = listings.get(id);
      // A listing closed meanwhile (the client went away): nobody waits for this batch.
      if (!listing) return;
      const { batchSize, reservedPrefix } = listing.options;
      const names: string[] = [];
      const etags: string[] = [];
      const numbers = new Float64Array(batchSize * 3);
      let count = 0;
      let done = false;
      while (count < batchSize) {
        const entry = listing.dir.readSync();
        if (entry === null) {
          done = true;
          break;
        }
        const name = entry.name;
        if (name.startsWith(reservedPrefix) || entry.isSymbolicLink()) continue;
        const stats = lstatSync(listing.prefix + name, { throwIfNoEntry: false });
        // Gone since the directory was read, or not a file or directory (links, devices, sockets are never served).
        if (!stats || !(stats.isFile() || stats.isDirectory())) continue;
        const directory = stats.isDirectory();
        names.push(name);
        // The same tag as the store's infoOf() (fs-store.ts): inode, size, modification time in microseconds.
        etags.push(`"${stats.ino}-${stats.size}-${Math.floor(stats.mtimeMs * 1000)}"`);
        numbers[count * 3] = directory ? -1 : stats.size;
        numbers[count * 3 + 1] = stats.birthtimeMs > 0 ? stats.birthtimeMs : stats.ctimeMs;
        numbers[count * 3 + 2] = stats.mtimeMs;
        count++;
      }
      if (done) close(id);
      const reply: ListReply = { id, count, names: names.join('/'), etags: etags.join('/'), numbers, done };
      port.postMessage(reply, [numbers.buffer]);
    } catch (err) {
      close(id);
      const { code, message } = err as NodeJS.ErrnoException;
      const reply: ListReply = {
        id,
        count: 0,
        names: '',
        etags: '',
        numbers: new Float64Array(0),
        done: true,
        error: { code, message },
      };
      port.postMessage(reply);
    }
  });
}
