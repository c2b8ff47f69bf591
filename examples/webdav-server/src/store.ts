import type { Readable } from 'node:stream';
import type { PropValue } from '@multistatus/core';

/**
 * What the server needs to know about one resource to answer for it (RFC 4918 §15 live properties).
 *
 * @example
 * const info: ResourceInfo = { type: 'file', size: 3, created: new Date(), modified: new Date(), etag: '"1-1"' };
 */
export interface ResourceInfo {
  type: 'file' | 'collection';
  /** Bytes of content; 0 for collections. */
  size: number;
  created: Date;
  modified: Date;
  /** A strong entity tag, quotes included (RFC 9110 §8.8.3). */
  etag: string;
  /** The media type given when the file was written, if the store keeps it. */
  contentType?: string;
}

/**
 * Dead properties of one resource by Clark name, with their XML values exactly as they were set.
 *
 * @example
 * const props: DeadProps = { '{urn:example}color': { name: '{urn:example}red' } };
 */
export type DeadProps = Record<string, PropValue>;

/**
 * One step of a PROPPATCH, in document order.
 *
 * @example
 * const op: PropPatchOp = { op: 'set', name: '{urn:example}color', value: 'red' };
 */
export type PropPatchOp = { op: 'set'; name: string; value: PropValue } | { op: 'remove'; name: string };

/**
 * One member of a collection, as listed by {@link WebdavStore.members}.
 *
 * @example
 * for await (const { name, info } of store.members('/')) console.log(name, info.type);
 */
export interface StoreMember {
  name: string;
  info: ResourceInfo;
  /** The member's dead properties, when the store can list them cheaply with the member. */
  props?: DeadProps;
}

/**
 * The storage behind the WebDAV server. Paths are decoded store paths (`/`, `/a/b`); the server checks
 * existence, parents, locks and conditions before calling a mutating method.
 *
 * @example
 * const server = createWebdavServer({ store: createMemoryStore() });
 */
export interface WebdavStore {
  /** The resource at `path`, or `undefined` when nothing is mapped there. */
  stat(path: string): Promise<ResourceInfo | undefined>;
  /** The members of a collection, streamed so a huge collection costs constant memory. */
  members(path: string): AsyncIterable<StoreMember>;
  /**
   * Optional: the members of a collection in batches (each a synchronous iterable, which may make its members
   * as they are pulled), each member with its dead properties, for stores that read members in bulk (the
   * filesystem store reads and `lstat`s them on a thread of its own). PROPFIND uses it when present, so a
   * listing of 10,000 members costs a promise per batch, not per member. Like `members`, it streams (a batch
   * at a time), and each batch after the first arrives on a later turn of the event loop.
   */
  memberBatches?(path: string): AsyncIterable<Iterable<StoreMember>>;
  /** The content of a file. */
  read(path: string): Promise<Readable>;
  /** Creates or replaces a file; its parent collection exists. */
  write(path: string, content: AsyncIterable<Buffer>, contentType?: string): Promise<void>;
  /** Creates an empty collection; its parent exists and `path` is unmapped. */
  createCollection(path: string): Promise<void>;
  /** Removes a resource and, for a collection, everything inside it. */
  remove(path: string): Promise<void>;
  /** Copies one resource with its dead properties: a file with its content, a collection without members. */
  copy(from: string, to: string): Promise<void>;
  /** Moves a resource and everything inside it; `to` is unmapped and its parent exists. */
  move(from: string, to: string): Promise<void>;
  /** The dead properties of a resource. */
  deadProps(path: string): Promise<DeadProps>;
  /** Applies every operation, or none of them if one fails (RFC 4918 §9.2 atomicity). */
  patchDeadProps(path: string, ops: PropPatchOp[]): Promise<void>;
}
