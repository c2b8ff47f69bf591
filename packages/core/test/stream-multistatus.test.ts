import { type Entry, renderMultiStatus, streamMultiStatus } from '@multistatus/core';

async function collect(source: AsyncIterable<string>): Promise<string[]> {
  const chunks: string[] = [];
  for await (const chunk of source) chunks.push(chunk);
  return chunks;
}

const entries = (n: number): Entry[] => Array.from({ length: n }, (_, i) => ({ href: `/item/${i}`, status: 200 }));

describe('streamMultiStatus(entries)', () => {
  it('yields the same document as renderMultiStatus, for arrays', async () => {
    const list = entries(2000);
    expect((await collect(streamMultiStatus(list))).join('')).toBe(renderMultiStatus(list));
    expect((await collect(streamMultiStatus(list, { format: 'json' }))).join('')).toBe(
      renderMultiStatus(list, { format: 'json' }),
    );
  });

  it('yields chunks of about chunkSize as entries arrive from an async iterable', async () => {
    async function* produce() {
      for (const e of entries(1000)) yield e;
    }
    const chunks = await collect(streamMultiStatus(produce(), { chunkSize: 4096 }));
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(4096);
    expect(chunks.join('')).toBe(renderMultiStatus(entries(1000)));
  });

  it('calls return() on the producer when the consumer stops, so its finally runs', async () => {
    let produced = 0;
    let finished = false;
    async function* produce() {
      try {
        for (;;) yield { href: `/i/${produced++}`, status: 200 } as Entry;
      } finally {
        finished = true;
      }
    }
    for await (const _chunk of streamMultiStatus(produce(), { chunkSize: 100 })) break;
    expect(finished).toBe(true);
    expect(produced).toBeLessThan(10);
  });

  it('reads the batches an async iterable yields (arrays and generators of entries) between single entries', async () => {
    const list = entries(3000);
    async function* produce() {
      yield list[0] as Entry;
      yield list.slice(1, 1000);
      yield (function* () {
        for (let i = 1000; i < 2999; i++) yield list[i] as Entry;
      })();
      yield list[2999] as Entry;
    }
    expect((await collect(streamMultiStatus(produce(), { chunkSize: 4096 }))).join('')).toBe(renderMultiStatus(list));
  });

  it('rejects with the validation error of an entry that arrives late', async () => {
    async function* produce() {
      yield { href: '/a', status: 200 } as Entry;
      yield { href: '/b', status: 301 } as Entry;
    }
    await expect(collect(streamMultiStatus(produce()))).rejects.toThrow(/redirect status 301 but no `location`/);
  });

  it('rejects what is not iterable', async () => {
    await expect(collect(streamMultiStatus(42 as never))).rejects.toThrow(/array, an iterable or an async iterable/);
  });
});
