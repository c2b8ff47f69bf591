import { invalidBatch } from './internal/batch-error';
import type { BatchItem } from './parse-batch-request';

/**
 * Resolves each item's `dependsOn` ids to the positions of the items it waits for, and refuses a plan that
 * cannot run in request order: duplicate ids, unknown ids, an item depending on itself, on a later item, or
 * a cycle. Each refusal is a 400 {@link MultiStatusError} that names the ids involved.
 *
 * @example
 * planBatch(items); // [[], [0]]: the second request waits for the first
 */
export function planBatch(items: readonly BatchItem[]): number[][] {
  const positions = new Map<string, number>();
  for (const item of items) {
    const earlier = positions.get(item.id);
    if (earlier !== undefined) {
      throw invalidBatch(
        `Duplicate request id ${JSON.stringify(item.id)} (requests[${earlier}] and requests[${item.index}]); ids must be unique in a batch.`,
      );
    }
    positions.set(item.id, item.index);
  }
  return items.map((item) =>
    item.dependsOn.map((id) => {
      const target = positions.get(id);
      const name = `requests[${item.index}] (id ${JSON.stringify(item.id)})`;
      if (target === undefined)
        throw invalidBatch(`${name} depends on ${JSON.stringify(id)}, which is not a request id in this batch.`);
      if (target === item.index) throw invalidBatch(`${name} depends on itself; dependsOn must not form a cycle.`);
      if (target > item.index) {
        const cycle = findPath(items, positions, target, item.index);
        throw invalidBatch(
          cycle
            ? `dependsOn forms a cycle: ${[item.index, ...cycle].map((i) => JSON.stringify(items[i]!.id)).join(' -> ')}.`
            : `${name} depends on ${JSON.stringify(id)}, which comes later (requests[${target}]); dependsOn may only name earlier requests.`,
        );
      }
      return target;
    }),
  );
}

// Depth-first search from `from` along dependsOn edges to `to`, for a message that shows the whole cycle.
function findPath(
  items: readonly BatchItem[],
  positions: Map<string, number>,
  from: number,
  to: number,
): number[] | undefined {
  const seen = new Set<number>();
  const walk = (at: number): number[] | undefined => {
    if (at === to) return [at];
    if (seen.has(at)) return undefined;
    seen.add(at);
    for (const id of items[at]!.dependsOn) {
      const next = positions.get(id);
      if (next === undefined) continue;
      const rest = walk(next);
      if (rest) return [at, ...rest];
    }
    return undefined;
  };
  return walk(from);
}
