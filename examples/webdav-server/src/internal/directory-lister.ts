import { Worker } from 'node:worker_threads';
import type { DeadProps, StoreMember } from '../store';
import { entityTag } from './entity-tag';
import {
  LIST_DIRECTORY_THREAD,
  type ListOptions,
  type ListReply,
  type ListRequest,
  NUMBERS_PER_MEMBER,
} from './list-directory-thread';
import { memberProps, NO_PROPS, namesAnyMember } from './member-props';

interface Pending {
  resolve(reply: ListReply): void;
  reject(error: Error): void;
}

// One listing thread per process, shared by every store: started on first use and kept, but it does not keep
// the process alive while no batch is awaited.
let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function start(): Worker {
  const thread = new Worker(LIST_DIRECTORY_THREAD, {
    eval: true,
    // The thread keeps nothing between batches: a small heap is enough, and keeps its share of the RSS small.
    resourceLimits: { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 },
  });
  thread.unref();
  thread.on('message', (reply: ListReply) => {
    const waiter = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) thread.unref();
    waiter?.resolve(reply);
  });
  const lost = (error: Error) => {
    if (worker !== thread) return;
    worker = undefined;
    const waiting = [...pending.values()];
    pending.clear();
    for (const { reject } of waiting) reject(error);
  };
  thread.on('error', lost);
  thread.on('exit', (code) => lost(new Error(`The directory listing thread stopped (exit code ${code})`)));
  return thread;
}

/** Sends a request and waits for its batch; the thread is kept alive (ref'd) while a batch is awaited. */
function ask(request: ListRequest): Promise<ListReply> {
  worker ??= start();
  const thread = worker;
  return new Promise<ListReply>((resolve, reject) => {
    pending.set(request.id, { resolve, reject });
    thread.ref();
    thread.postMessage(request);
  });
}

/**
 * The members of one batch, made one at a time as they are pulled: a batch's members are garbage as soon as
 * their entries are rendered, and made all at once they would live through the young generation's
 * collections (the batch is used over a few milliseconds) and be copied, then promoted, as survivors.
 */
function* membersOf(reply: ListReply, props: Record<string, DeadProps>): Generator<StoreMember> {
  const { count, names, numbers } = reply;
  const lookUp = namesAnyMember(props);
  let nameStart = 0;
  for (let i = 0; i < count; i++) {
    // Names are joined with '/', which no name holds.
    const nameEnd = i === count - 1 ? names.length : names.indexOf('/', nameStart);
    const name = names.slice(nameStart, nameEnd);
    nameStart = nameEnd + 1;
    const at = i * NUMBERS_PER_MEMBER;
    const collection = numbers[at] === 1;
    const size = numbers[at + 1] as number;
    const modified = numbers[at + 4] as number;
    yield {
      name,
      info: {
        type: collection ? 'collection' : 'file',
        size: collection ? 0 : size,
        // Rounded as Node rounds the Dates of a Stats object, so a listing and stat() agree to the second.
        created: new Date(Math.round(numbers[at + 3] as number)),
        modified: new Date(Math.round(modified)),
        etag: entityTag(numbers[at + 2] as number, size, modified),
      },
      props: lookUp ? memberProps(props, name) : NO_PROPS,
    };
  }
}

/**
 * The served members of a directory (files and directories; not links, not reserved names) in batches, each
 * member with its dead properties from `props` (by name), read and `lstat`ed on a worker thread one batch
 * ahead of the reader. A batch is an iterable that makes its members as they are pulled. On the server's own thread a listing of 10,000 files spent about as long in `lstat`
 * (a system call of a few microseconds, and a `Stats` object with four `Date`s, per file) as in everything
 * else together; on a second core the two overlap, and the server's thread only turns five numbers
 * and a name per member into a member. A listing holds at most two batches (the one being read, the one being
 * made), so a directory of any size costs constant memory; each batch arrives as a message, so the event loop
 * gets a turn between batches. Stopping early (`return()`) closes the directory.
 *
 * @example
 * for await (const batch of listDirectory('/srv/dav/docs', props, { batchSize: 256, reservedPrefix: '.webdav-' })) {
 *   console.log(batch.length);
 * }
 */
export async function* listDirectory(
  full: string,
  props: Record<string, DeadProps>,
  options: ListOptions,
): AsyncGenerator<Iterable<StoreMember>> {
  const id = nextId++;
  let done = false;
  let next: Promise<ListReply> | undefined = ask({ op: 'open', id, path: full, options });
  try {
    while (next) {
      const reply: ListReply = await next;
      done = reply.done;
      // Ask for the next batch before handing this one out: the thread reads it while this one is used.
      next = done ? undefined : ask({ op: 'next', id });
      if (reply.error) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
      if (reply.count > 0) yield membersOf(reply, props);
    }
  } finally {
    if (!done) {
      // Stopped early: the batch asked for is dropped, and the thread closes the directory.
      pending.delete(id);
      if (pending.size === 0) worker?.unref();
      next?.catch(() => undefined);
      worker?.postMessage({ op: 'close', id } satisfies ListRequest);
    }
  }
}
