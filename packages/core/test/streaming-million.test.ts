import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { type Entry, writeMultiStatus } from '@multistatus/core';
import { listen, type TestServer } from './support/http-harness';

// One lean, heavy test: a million entries through a real socket. Run it alone with
//   npx jest packages/core/test/streaming-million.test.ts
// It prints the memory figures; docs/core.md ("Memory") records them.

const TOTAL = 1_000_000;
const SAMPLE_EVERY = 100_000;
const MiB = 1024 * 1024;

/** A real collector when the flag can be turned on at run time, so the samples measure live memory, not garbage. */
function collector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

let server: TestServer | undefined;
afterAll(() => server?.close());

describe('writeMultiStatus(res, entries) with a million entries', () => {
  it('streams them all over a socket while memory stays flat', async () => {
    const gc = collector();
    const heap: number[] = [];
    const rss: number[] = [];
    const sample = (): void => {
      gc?.();
      const usage = process.memoryUsage();
      heap.push(usage.heapUsed);
      rss.push(usage.rss);
    };
    let outcome: Promise<void> | undefined;
    server = await listen((_req, res) => {
      outcome = writeMultiStatus(res, async function* () {
        for (let i = 0; i < TOTAL; i++) {
          if (i % SAMPLE_EVERY === 0) sample();
          const entry: Entry = {
            href: `/files/${i}.txt`,
            propstat: [{ status: 200, props: { displayname: `file ${i}`, getcontentlength: i } }],
          };
          yield entry;
        }
        sample();
      });
    });
    const started = Date.now();
    const { bytes, lines, tail } = await new Promise<{ bytes: number; lines: number; tail: string }>(
      (resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port: server!.port, path: '/', agent: false }, (res) => {
            let bytes = 0;
            let lines = 0;
            let tail = '';
            res.on('data', (chunk: Buffer) => {
              bytes += chunk.length;
              for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
              tail = chunk.subarray(-32).toString('latin1');
            });
            res.on('end', () => resolve({ bytes, lines, tail }));
            res.on('error', reject);
          })
          .on('error', reject);
      },
    );
    await outcome;
    const seconds = (Date.now() - started) / 1000;
    // The XML declaration, the root's start tag, one line per response, the root's end tag.
    expect(lines).toBe(TOTAL + 3);
    expect(tail.endsWith('</D:multistatus>\n')).toBe(true);
    // Memory after the first 100,000 entries is the baseline: growth beyond it would be a leak.
    const baseHeap = heap[1] as number;
    const heapGrowth = Math.max(...heap.slice(1)) - baseHeap;
    const rssGrowth = Math.max(...rss.slice(1)) - (rss[1] as number);
    console.log(
      `${TOTAL} entries, ${(bytes / MiB).toFixed(0)} MiB in ${seconds.toFixed(1)} s; ` +
        `heapUsed ${(baseHeap / MiB).toFixed(1)} MiB at 100k, growth after it ${(heapGrowth / MiB).toFixed(1)} MiB ` +
        `(${gc ? 'after gc' : 'no gc'}); rss growth ${(rssGrowth / MiB).toFixed(1)} MiB`,
    );
    // With a real gc the live heap is measured and a leak of 20 bytes per entry would show; without one,
    // garbage between collections blurs it, so the bound is looser.
    expect(heapGrowth).toBeLessThan((gc ? 16 : 64) * MiB);
  }, 120_000);
});
