import { Readable } from 'node:stream';
import { baseName, parentPath } from './internal/resource-path';
import type { DeadProps, PropPatchOp, ResourceInfo, StoreMember, WebdavStore } from './store';

interface Node {
  type: 'file' | 'collection';
  content: Buffer;
  contentType: string | undefined;
  children: Map<string, Node>;
  props: DeadProps;
  created: Date;
  modified: Date;
  id: number;
  version: number;
}

/**
 * Options for {@link createMemoryStore}.
 *
 * @example
 * const options: MemoryStoreOptions = { maxFileSize: 1024 * 1024 };
 */
export interface MemoryStoreOptions {
  /** Largest file a PUT may store, in bytes. Default 64 MiB. */
  maxFileSize?: number;
}

/**
 * A store that keeps everything in memory: the default, for demos and tests.
 *
 * @example
 * const server = createWebdavServer({ store: createMemoryStore() });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): WebdavStore {
  const maxFileSize = options.maxFileSize ?? 64 * 1024 * 1024;
  let nextId = 1;
  const newNode = (type: Node['type']): Node => {
    const now = new Date();
    return {
      type,
      content: Buffer.alloc(0),
      contentType: undefined,
      children: new Map(),
      props: {},
      created: now,
      modified: now,
      id: nextId++,
      version: 1,
    };
  };
  const root = newNode('collection');

  const find = (path: string): Node | undefined => {
    let node: Node | undefined = root;
    for (const segment of path.split('/')) {
      if (segment === '') continue;
      node = node?.children.get(segment);
      if (!node) return undefined;
    }
    return node;
  };
  const get = (path: string): Node => {
    const node = find(path);
    if (!node) throw new Error(`No resource at ${path}`);
    return node;
  };
  const attach = (path: string, node: Node) => {
    const parent = get(parentPath(path));
    parent.children.set(baseName(path), node);
    parent.modified = new Date();
    parent.version++;
  };
  const detach = (path: string) => {
    const parent = get(parentPath(path));
    parent.children.delete(baseName(path));
    parent.modified = new Date();
    parent.version++;
  };
  const info = (node: Node): ResourceInfo => ({
    type: node.type,
    size: node.content.length,
    created: node.created,
    modified: node.modified,
    etag: `"${node.id.toString(36)}-${node.version.toString(36)}"`,
    ...(node.contentType ? { contentType: node.contentType } : {}),
  });

  return {
    async stat(path) {
      const node = find(path);
      return node ? info(node) : undefined;
    },
    async *members(path) {
      // A snapshot of the names, so a listing is not disturbed by concurrent changes.
      for (const [name, node] of [...get(path).children]) {
        const member: StoreMember = { name, info: info(node), props: node.props };
        yield member;
      }
    },
    async read(path) {
      return Readable.from([get(path).content]);
    },
    async write(path, content, contentType) {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of content) {
        size += chunk.length;
        if (size > maxFileSize) throw Object.assign(new Error('File too large'), { status: 413 });
        chunks.push(chunk);
      }
      const existing = find(path);
      const node = existing ?? newNode('file');
      node.content = Buffer.concat(chunks);
      node.contentType = contentType;
      node.modified = new Date();
      node.version++;
      if (!existing) attach(path, node);
    },
    async createCollection(path) {
      attach(path, newNode('collection'));
    },
    async remove(path) {
      detach(path);
    },
    async copy(from, to) {
      const source = get(from);
      const copy = newNode(source.type);
      copy.content = source.content;
      copy.contentType = source.contentType;
      copy.props = structuredClone(source.props);
      const existing = find(to);
      if (existing) detach(to);
      attach(to, copy);
    },
    async move(from, to) {
      const node = get(from);
      detach(from);
      attach(to, node);
    },
    async deadProps(path) {
      return get(path).props;
    },
    async patchDeadProps(path, ops: PropPatchOp[]) {
      // Work on a copy and swap it in at the end: all or nothing.
      const node = get(path);
      const next = { ...node.props };
      for (const op of ops) {
        if (op.op === 'set') next[op.name] = structuredClone(op.value);
        else delete next[op.name];
      }
      node.props = next;
    },
  };
}
