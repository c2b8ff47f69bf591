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
 * One batch of a listing, from the listing thread: the members' names joined with `/` (which no name can hold),
 * and {@link NUMBERS_PER_MEMBER} numbers per member in `numbers`: 1 for a directory (0 for a file), its size,
 * inode, creation and modification time in milliseconds. `done` marks the last batch; `error` a listing that
 * failed.
 *
 * @example
 * const reply: ListReply = { id: 1, count: 1, names: 'a.txt', numbers, done: true };
 */
export interface ListReply {
  id: number;
  count: number;
  names: string;
  numbers: Float64Array;
  done: boolean;
  error?: { code?: string; message: string };
}

/** How many numbers the listing thread sends per member (see {@link ListReply}). */
export const NUMBERS_PER_MEMBER = 5;

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
const NO_THROW = { throwIfNoEntry: false };

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
  const numbers = new Float64Array(batchSize * ${NUMBERS_PER_MEMBER});
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
    const stats = lstatSync(listing.prefix + name, NO_THROW);
    // Gone since the directory was read, or not a file or directory (links, devices, sockets are never served).
    if (!stats || !(stats.isFile() || stats.isDirectory())) continue;
    names.push(name);
    // Numbers only: the server's thread builds the entity tag (entity-tag.ts), one function for the listing and
    // for stat(), and this thread, the one the listing waits on, keeps to reading and lstat.
    const at = count * ${NUMBERS_PER_MEMBER};
    numbers[at] = stats.isDirectory() ? 1 : 0;
    numbers[at + 1] = stats.size;
    numbers[at + 2] = stats.ino;
    numbers[at + 3] = stats.birthtimeMs > 0 ? stats.birthtimeMs : stats.ctimeMs;
    numbers[at + 4] = stats.mtimeMs;
    count++;
  }
  if (done) close(id);
  parentPort.postMessage({ id, count, names: names.join('/'), numbers, done }, [numbers.buffer]);
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
    parentPort.postMessage({ id, count: 0, names: '', numbers: new Float64Array(0), done: true, error });
  }
});
`;
