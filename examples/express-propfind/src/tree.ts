/** One resource of the in-memory tree: a collection (path ends with `/`) or a file. */
export interface TreeNode {
  /** Decoded path: `/docs/`, `/docs/Read me.txt`. */
  path: string;
  collection: boolean;
  content?: string;
  contentType?: string;
  created: Date;
  modified: Date;
}

/**
 * A read-only tree of resources held in memory, listed in path order.
 *
 * @example
 * const tree = Tree.sample();
 * tree.get('/docs/');
 */
export class Tree {
  readonly #nodes = new Map<string, TreeNode>();

  /**
   * Adds a file (and any missing parent collections).
   *
   * @example
   * tree.addFile('/notes/todo.txt', 'milk', 'text/plain');
   */
  addFile(path: string, content: string, contentType = 'application/octet-stream', modified = new Date(0)): this {
    this.#ensureCollection(path.slice(0, path.lastIndexOf('/') + 1), modified);
    this.#nodes.set(path, { path, collection: false, content, contentType, created: modified, modified });
    return this;
  }

  /**
   * The resource at `path`, if any.
   *
   * @example
   * tree.get('/');
   */
  get(path: string): TreeNode | undefined {
    return this.#nodes.get(path);
  }

  /**
   * The direct members of a collection, in name order.
   *
   * @example
   * for (const child of tree.children('/')) console.log(child.path);
   */
  *children(path: string): Generator<TreeNode> {
    const members = [...this.#nodes.values()].filter((node) => parentOf(node.path) === path);
    members.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    yield* members;
  }

  #ensureCollection(path: string, modified: Date): void {
    if (this.#nodes.has(path)) return;
    if (path !== '/') this.#ensureCollection(parentOf(path) ?? '/', modified);
    this.#nodes.set(path, { path, collection: true, created: modified, modified });
  }

  /**
   * A small tree to try the example with: a few documents, names that need percent-encoding, and a
   * collection of `bigSize` generated files to show streaming.
   *
   * @example
   * const tree = Tree.sample({ bigSize: 10_000 });
   */
  static sample(options: { bigSize?: number } = {}): Tree {
    const at = new Date('2026-01-02T03:04:05Z');
    const tree = new Tree()
      .addFile('/docs/readme.txt', 'Read me first.\n', 'text/plain', at)
      .addFile('/docs/Read me too.txt', 'Spaces in names are percent-encoded in hrefs.\n', 'text/plain', at)
      .addFile('/docs/café.md', '# Non-ASCII names are UTF-8, percent-encoded\n', 'text/markdown', at)
      .addFile('/photos/2026/summit.jpg', 'not really a photo', 'image/jpeg', at);
    for (let i = 0; i < (options.bigSize ?? 1000); i++) {
      tree.addFile(`/big/file-${String(i).padStart(6, '0')}.txt`, `file ${i}\n`, 'text/plain', at);
    }
    return tree;
  }
}

/** The parent collection of a path (`/a/b.txt` → `/a/`, `/a/` → `/`), or undefined for `/`. */
export function parentOf(path: string): string | undefined {
  if (path === '/') return undefined;
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.slice(0, trimmed.lastIndexOf('/') + 1);
}
