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
 * The source of the listing thread (a `worker_threads` Worker, started with `eval: true`): it reads directories
 * (`opendir`) and `lstat`s their members, a batch at a time as the server asks, and answers each request with
 * a {@link ListReply}: plain strings and one transferred array of numbers per batch, so the server's thread
 * neither waits on the filesystem nor builds a `Stats` object per member. It is plain JavaScript text rather
 * than a function turned into text: TypeScript loaders and bundlers rewrite functions (esbuild's `keepNames`
 * wraps them in a helper the thread does not have), and a separate file would not survive bundling.
 *
 * @example
 * new Worker(LIST_DIRECTORY_THREAD, { eval: true });
 */
export const LIST_DIRECTORY_THREAD = `
'use strict';
const { parentPort } = require('node:worker_threads');
const { lstatSync, opendirSync } = require('node:fs');
const { sep } = require('node:path');
// Open listings by id: { dir, prefix, options }.
const listings = new Map();

function close(id) {
  const listing = listings.get(id);
  listings.delete(id);
  try {
    if (listing) listing.dir.closeSync();
  } catch {
    // Already closed: nothing to release.
  }
}

function readBatch(id, listing) {
  const { batchSize, reservedPrefix } = listing.options;
  const names = [];
  const etags = [];
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
    names.push(name);
    // The same tag as the store's infoOf() (fs-store.ts): inode, size, modification time in microseconds.
    // The microseconds (16 digits, beyond a small integer) are written as two halves of at most 9 digits:
    // V8 turns a large number into text with its shortest-digits algorithm, small ones from a cache
    // (callgrind: 5% of this thread's instructions on a listing of 10,000 files). The digits are the same.
    const us = Math.floor(stats.mtimeMs * 1000);
    const high = Math.floor(us / 1e9);
    const low = us - high * 1e9;
    const time = high > 0 ? high + String(low).padStart(9, '0') : String(low);
    etags.push('"' + stats.ino + '-' + stats.size + '-' + time + '"');
    numbers[count * 3] = stats.isDirectory() ? -1 : stats.size;
    numbers[count * 3 + 1] = stats.birthtimeMs > 0 ? stats.birthtimeMs : stats.ctimeMs;
    numbers[count * 3 + 2] = stats.mtimeMs;
    count++;
  }
  if (done) close(id);
  parentPort.postMessage({ id, count, names: names.join('/'), etags: etags.join('/'), numbers, done }, [numbers.buffer]);
}

parentPort.on('message', (request) => {
  const id = request.id;
  if (request.op === 'close') return close(id);
  try {
    if (request.op === 'open') {
      const path = request.path;
      const prefix = path.endsWith(sep) ? path : path + sep;
      listings.set(id, { dir: opendirSync(path, { bufferSize: 1024 }), prefix, options: request.options });
    }
    const listing = listings.get(id);
    // A listing closed meanwhile (the client went away): nobody waits for this batch.
    if (listing) readBatch(id, listing);
  } catch (err) {
    close(id);
    const error = { code: err.code, message: err.message };
    parentPort.postMessage({ id, count: 0, names: '', etags: '', numbers: new Float64Array(0), done: true, error });
  }
});
`;
