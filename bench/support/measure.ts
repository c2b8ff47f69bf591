// Timing helpers for benchmarks: contenders run alternately, round after round, and each is summarised by
// its median, so a burst of load on the shared machine hits all of them alike.
import { performance } from 'node:perf_hooks';

export interface Contender {
  name: string;
  run: () => unknown;
}

export interface Timing {
  name: string;
  medianMs: number;
  result: unknown;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// With --expose-gc (bench/run.ts passes it), each timed run starts on an empty young generation: otherwise
// the garbage one contender leaves behind is collected during the next one's run and charged to it. A minor
// GC (scavenge) is used, not a full one: a full mark-compact makes V8 drop optimised code that holds weak
// references ("weak objects" deopts), which would charge a re-optimisation to whichever code it hit.
const gcHook = (globalThis as { gc?: (options?: { type: 'minor' | 'major'; execution?: 'sync' }) => void }).gc;
const gc = gcHook && (() => gcHook({ type: 'minor', execution: 'sync' }));

export function compare(contenders: Contender[], rounds: number, warmup = 5, repeat = 1): Timing[] {
  const times = contenders.map(() => [] as number[]);
  const results: unknown[] = contenders.map(() => undefined);
  for (let r = -warmup; r < rounds; r++) {
    contenders.forEach((c, i) => {
      gc?.();
      const start = performance.now();
      for (let k = 0; k < repeat; k++) results[i] = c.run();
      const elapsed = (performance.now() - start) / repeat;
      if (r >= 0) times[i]!.push(elapsed);
    });
  }
  return contenders.map((c, i) => ({ name: c.name, medianMs: median(times[i]!), result: results[i] }));
}

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
