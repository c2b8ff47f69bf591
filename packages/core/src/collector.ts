import type { Entry } from './types';
import { validateEntry } from './validate-entry';

/**
 * Gathers entries one by one and checks each as it is added, so a wrong entry throws where it was made,
 * not later when the response is written. Iterable: pass it wherever entries are accepted.
 *
 * @example
 * const results = new MultiStatusCollector();
 * for (const id of ids) results.add({ href: `/items/${id}`, status: (await remove(id)) ? 204 : 404 });
 * await writeMultiStatus(res, results);
 */
export class MultiStatusCollector implements Iterable<Entry> {
  readonly #entries: Entry[] = [];

  /**
   * Validates `entry` and appends it; throws a `MultiStatusError` (and keeps nothing) when it is wrong.
   *
   * @example
   * collector.add({ href: '/a', status: 201 }).add({ href: '/b', status: 409 });
   */
  add(entry: Entry): this {
    validateEntry(entry);
    this.#entries.push(entry);
    return this;
  }

  /**
   * How many entries were added.
   *
   * @example
   * if (collector.size === 0) res.sendStatus(204);
   */
  get size(): number {
    return this.#entries.length;
  }

  /**
   * A copy of the entries, in the order they were added.
   *
   * @example
   * const entries = collector.toArray();
   */
  toArray(): Entry[] {
    return this.#entries.slice();
  }

  /**
   * Iterates the entries in the order they were added.
   *
   * @example
   * for (const entry of collector) console.log(entry.href);
   */
  [Symbol.iterator](): Iterator<Entry> {
    return this.#entries[Symbol.iterator]();
  }
}
