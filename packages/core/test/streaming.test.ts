import http, { type ServerResponse } from 'node:http';
import { pipeline, type Readable } from 'node:stream';
import {
  type Entry,
  type EntryProducer,
  ErrorCodes,
  MultiStatusError,
  parseMultiStatus,
  prepareMultiStatus,
  writeMultiStatus,
} from '@multistatus/core';
import { listen, listenerCounts, request, runAsApp, settled, type TestServer } from './support/http-harness';
import { elementNames } from './support/well-formed';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function entry(i: number): Entry {
  return { href: `/files/${i}`, status: 200 };
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}

/** Records what happens to a producer: how far it got, whether its finally ran, its signal. */
function observed() {
  return { produced: 0, finallyRan: false, returnCalled: false, signal: undefined as AbortSignal | undefined };
}

/** Starts a server whose handler's outcome (fulfilled or rejected) is captured; a rejection before any byte gets a 500. */
async function serve(
  handler: (res: ServerResponse) => Promise<void>,
): Promise<{ port: number; outcome: () => Promise<PromiseSettledResult<void>> }> {
  let outcome!: Promise<PromiseSettledResult<void>>;
  let arrived!: () => void;
  const ready = new Promise<void>((r) => {
    arrived = r;
  });
  server = await listen((_req, res) => {
    outcome = runAsApp(handler, res);
    arrived();
  });
  return {
    port: server.port,
    outcome: async () => {
      await ready;
      return outcome;
    },
  };
}

/** A GET whose response the test drives by hand: it gets the response object and may pause or destroy it. */
function openRequest(
  port: number,
  headers: Record<string, string> = {},
): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/', headers, agent: false }, (res) =>
      resolve({ req, res }),
    );
    req.on('error', reject);
    req.end();
  });
}

function reasonOf(result: PromiseSettledResult<void>): unknown {
  expect(result.status).toBe('rejected');
  return (result as PromiseRejectedResult).reason;
}

describe('writeMultiStatus(res, entries) with produced entries', () => {
  describe('when entries come from an async iterable', () => {
    it('streams them chunked, and the document is complete and well-formed', async () => {
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(
          res,
          (async function* () {
            for (let i = 0; i < 5000; i++) yield entry(i);
          })(),
        ),
      );
      const client = await request(port);
      expect((await outcome()).status).toBe('fulfilled');
      expect(client.status).toBe(207);
      expect(client.headers['transfer-encoding']).toBe('chunked');
      expect(client.headers['content-length']).toBeUndefined();
      expect(client.complete).toBe(true);
      const names = elementNames(client.body);
      expect(names.filter((n) => n === '{DAV:}response')).toHaveLength(5000);
      expect(client.body.endsWith('</D:multistatus>\n')).toBe(true);
    });

    /** Streams `count` entries described by `text(i)` and reads the descriptions back from what the client got. */
    async function streamedDescriptions(count: number, text: (i: number) => string): Promise<unknown[]> {
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(
          res,
          (async function* () {
            for (let i = 0; i < count; i++) yield { href: `/files/${i}`, status: 200, description: text(i) };
          })(),
        ),
      );
      const client = await request(port);
      expect((await outcome()).status).toBe('fulfilled');
      expect(client.headers['transfer-encoding']).toBe('chunked');
      const { entries } = await parseMultiStatus(client.body);
      return entries.map((e) => e.description);
    }

    it('sends chunks of ASCII and chunks with other characters alike: every text arrives as written', async () => {
      // Chunks are encoded to UTF-8 bytes before they are written: a few characters beyond ASCII fit the room
      // the writer allows for them, and must arrive unchanged.
      const text = (i: number) => (i >= 2000 && i < 2100 ? `caf\u00e9 \u65e5\u672c ${i} \u{1F642}` : `plain ${i}`);
      expect(await streamedDescriptions(5000, text)).toEqual(Array.from({ length: 5000 }, (_, i) => text(i)));
    });

    it('sends chunks made mostly of characters beyond ASCII as they were written', async () => {
      // Three bytes per character: more than the room a chunk is first encoded into, so it goes as text.
      const text = (i: number) => `${'\u65e5\u672c\u8a9e'.repeat(40)} ${i} \u{1F642}`;
      expect(await streamedDescriptions(2000, text)).toEqual(Array.from({ length: 2000 }, (_, i) => text(i)));
    });

    it('sends a complete document with Content-Length when the producer ends before the commit point', async () => {
      const { port } = await serve((res) =>
        writeMultiStatus(
          res,
          (async function* () {
            yield entry(1);
            yield entry(2);
          })(),
        ),
      );
      const client = await request(port);
      expect(client.headers['content-length']).toBe(String(Buffer.byteLength(client.body)));
      expect(elementNames(client.body).filter((n) => n === '{DAV:}href')).toHaveLength(2);
    });

    it('writes what it has while the producer waits, rather than holding it', async () => {
      const wait = gate();
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(
          res,
          (async function* () {
            yield entry(1);
            yield entry(2);
            await wait.promise;
            yield entry(3);
          })(),
          { commit: { entries: 1 } },
        ),
      );
      const { res } = await openRequest(port);
      let received = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        received += chunk;
      });
      // Entry 2 was produced after the commit point; it must arrive while the producer is still waiting.
      while (!received.includes('/files/2')) await new Promise((r) => setTimeout(r, 5));
      expect(received).not.toContain('/files/3');
      wait.open();
      await new Promise((r) => res.on('end', r));
      expect(received).toContain('/files/3');
      expect((await outcome()).status).toBe('fulfilled');
    });

    it('accepts a sync generator and a producer function, and hands the function a signal', async () => {
      let signal: AbortSignal | undefined;
      const producer: EntryProducer = (context) => {
        signal = context.signal;
        return (function* () {
          for (let i = 0; i < 200; i++) yield entry(i);
        })();
      };
      const { port, outcome } = await serve((res) => writeMultiStatus(res, producer));
      const client = await request(port);
      expect((await outcome()).status).toBe('fulfilled');
      expect(elementNames(client.body).filter((n) => n === '{DAV:}response')).toHaveLength(200);
      expect(signal).toBeInstanceOf(AbortSignal);
      expect(signal?.aborted).toBe(false);
    });
  });

  describe('when an async source yields batches of entries', () => {
    it('writes the entries of every batch in order, between the single entries', async () => {
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(
          res,
          (async function* () {
            yield entry(0);
            yield Array.from({ length: 2999 }, (_, i) => entry(i + 1));
            yield (function* () {
              for (let i = 3000; i < 5999; i++) yield entry(i);
            })();
            yield entry(5999);
          })(),
        ),
      );
      const client = await request(port);
      expect((await outcome()).status).toBe('fulfilled');
      expect(client.headers['transfer-encoding']).toBe('chunked');
      const { entries } = await parseMultiStatus(client.body);
      expect(entries.map((e) => e.href)).toEqual(Array.from({ length: 6000 }, (_, i) => `/files/${i}`));
    });

    it('refuses an invalid entry inside a batch before the commit point, writing nothing', async () => {
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(
          res,
          (async function* () {
            yield [entry(0), { href: '/bad', status: 99 } as unknown as Entry, entry(2)];
          })(),
        ),
      );
      const client = await request(port);
      expect(client.status).toBe(500);
      expect(reasonOf(await outcome())).toMatchObject({ code: ErrorCodes.INVALID_STATUS, href: '/bad' });
    });

    it('closes the batch at hand and the producer when the client goes away mid-batch', async () => {
      let produced = 0;
      let batchClosed = false;
      let producerClosed = false;
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(
          res,
          (async function* () {
            try {
              yield (function* () {
                try {
                  // Far more than a socket takes before the client stops reading.
                  for (let i = 0; i < 1_000_000; i++) yield entry(produced++);
                } finally {
                  batchClosed = true;
                }
              })();
            } finally {
              producerClosed = true;
            }
          })(),
        ),
      );
      const { req, res } = await openRequest(port);
      await new Promise((r) => res.once('data', r));
      req.destroy();
      expect((await outcome()).status).toBe('fulfilled');
      await settled(() => producerClosed, 10, 2);
      expect({ batchClosed, producerClosed }).toEqual({ batchClosed: true, producerClosed: true });
      expect(produced).toBeLessThan(1_000_000);
    });
  });

  describe('when the producer fails before the commit point', () => {
    it('rejects with the original error and writes nothing, so the app answers 500; the producer is cleaned up', async () => {
      const seen = observed();
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(res, async function* ({ signal }) {
          seen.signal = signal;
          try {
            for (let i = 0; i < 10; i++) yield entry(i);
            throw new Error('database went away');
          } finally {
            seen.finallyRan = true;
          }
        }),
      );
      const client = await request(port);
      expect(client.status).toBe(500);
      expect(client.body).toBe('handled by the app');
      expect((reasonOf(await outcome()) as Error).message).toBe('database went away');
      expect(seen.finallyRan).toBe(true);
    });

    it('stops the producer (signal, return()) when a later entry is invalid', async () => {
      const seen = observed();
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(res, async function* ({ signal }) {
          seen.signal = signal;
          try {
            yield entry(1);
            yield { href: '/moved', status: 301 } as Entry;
            for (;;) yield entry(seen.produced++);
          } finally {
            seen.finallyRan = true;
          }
        }),
      );
      const client = await request(port);
      expect(client.status).toBe(500);
      expect((reasonOf(await outcome()) as MultiStatusError).code).toBe(ErrorCodes.REDIRECT_WITHOUT_LOCATION);
      expect(seen.finallyRan).toBe(true);
      expect(seen.signal?.aborted).toBe(true);
      expect(seen.produced).toBe(0);
    });
  });

  describe('when the producer fails after the commit point', () => {
    it('aborts the response: the client gets a 207 whose chunked body never ends', async () => {
      const original = new Error('disk read failed');
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(
          res,
          (async function* () {
            for (let i = 0; i < 20; i++) yield entry(i);
            throw original;
          })(),
          { commit: { entries: 5 } },
        ),
      );
      const client = await request(port);
      expect(client.status).toBe(207);
      expect(client.complete).toBe(false);
      expect(client.error?.code).toBe('ECONNRESET');
      expect(client.body).toContain('/files/19');
      expect(client.body).not.toContain('</D:multistatus>');
      const reason = reasonOf(await outcome()) as MultiStatusError;
      expect(reason).toBeInstanceOf(MultiStatusError);
      expect(reason.code).toBe(ErrorCodes.PRODUCER_FAILED);
      expect(reason.cause).toBe(original);
    });

    it('aborts it too when an entry after the commit point is invalid, and stops the producer', async () => {
      const seen = observed();
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(
          res,
          (function* () {
            try {
              for (let i = 0; i < 10; i++) yield entry(i);
              yield { href: '/x', status: 99 } as Entry;
              for (;;) yield entry(seen.produced++);
            } finally {
              seen.finallyRan = true;
            }
          })(),
          { commit: { entries: 3 } },
        ),
      );
      const client = await request(port);
      expect(client.status).toBe(207);
      expect(client.complete).toBe(false);
      const reason = reasonOf(await outcome()) as MultiStatusError;
      expect(reason.code).toBe(ErrorCodes.PRODUCER_FAILED);
      expect((reason.cause as MultiStatusError).code).toBe(ErrorCodes.INVALID_STATUS);
      expect(seen.finallyRan).toBe(true);
      expect(seen.produced).toBe(0);
    });
  });

  describe('when the client disconnects mid-stream', () => {
    it('stops the producer: signal aborted, return() called, finally run, no listener left, and resolves', async () => {
      const seen = observed();
      let resCounts: unknown;
      let resCountsAfter: unknown;
      const { port, outcome } = await serve(async (res) => {
        resCounts = listenerCounts(res);
        const generator = async function* (signal: AbortSignal) {
          try {
            for (let i = 0; i < 100; i++) yield entry(seen.produced++);
            // Blocked on something only the signal can end, as a database cursor would be.
            await new Promise((_, reject) =>
              signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
            );
            yield entry(seen.produced++);
          } finally {
            seen.finallyRan = true;
          }
        };
        await writeMultiStatus(res, ({ signal }) => {
          seen.signal = signal;
          const iterator = generator(signal);
          // Wrapped to see return() called by the writer, not only its effect.
          return {
            [Symbol.asyncIterator]: () => ({
              next: () => iterator.next(),
              return: () => {
                seen.returnCalled = true;
                return iterator.return(undefined);
              },
            }),
          };
        });
        resCountsAfter = listenerCounts(res);
      });
      const { req, res } = await openRequest(port);
      await new Promise((r) => res.once('data', r));
      req.destroy();
      expect((await outcome()).status).toBe('fulfilled');
      await settled(() => seen.finallyRan, 10, 2);
      expect(seen.signal?.aborted).toBe(true);
      expect(seen.signal?.reason).toMatchObject({ code: ErrorCodes.CLIENT_ABORTED });
      expect(seen.returnCalled).toBe(true);
      expect(seen.finallyRan).toBe(true);
      expect(seen.produced).toBe(100);
      expect(resCountsAfter).toEqual(resCounts);
    });
  });

  describe('when the client disconnects before the commit point', () => {
    it('stops the producer and resolves without writing anything', async () => {
      const seen = observed();
      const started = gate();
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(res, async function* ({ signal }) {
          seen.signal = signal;
          try {
            yield entry(seen.produced++);
            started.open();
            await new Promise((_, reject) =>
              signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
            );
            yield entry(seen.produced++);
          } finally {
            seen.finallyRan = true;
          }
        }),
      );
      const req = http.request({ host: '127.0.0.1', port, path: '/', agent: false });
      req.on('error', () => {});
      req.end();
      await started.promise;
      req.destroy();
      expect((await outcome()).status).toBe('fulfilled');
      expect(seen.finallyRan).toBe(true);
      expect(seen.signal?.reason).toMatchObject({ code: ErrorCodes.CLIENT_ABORTED });
      expect(seen.produced).toBe(1);
    });
  });

  describe('when the client reads slowly', () => {
    it('pulls entries only as fast as the client reads (backpressure)', async () => {
      const seen = observed();
      const total = 200_000;
      const padding = 'x'.repeat(1000);
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(res, async function* () {
          try {
            for (let i = 0; i < total; i++) {
              seen.produced++;
              yield { href: `/files/${i}`, status: 200, description: padding };
            }
          } finally {
            seen.finallyRan = true;
          }
        }),
      );
      const { req, res } = await openRequest(port);
      res.pause();
      const stalledAt = await settled(() => seen.produced);
      // About 1 KiB per entry: what is produced is what fits in the kernel's socket buffers (a few MiB on
      // loopback) plus a chunk or two held by Node, far from the 200 MiB the producer could make.
      expect(stalledAt).toBeLessThan(20_000);
      req.destroy();
      expect((await outcome()).status).toBe('fulfilled');
      await settled(() => seen.finallyRan, 10, 2);
      expect(seen.finallyRan).toBe(true);
      expect(seen.produced).toBe(stalledAt);
    });
  });

  describe('when options.signal aborts', () => {
    it('rejects with its reason before the commit point and stops the producer', async () => {
      const controller = new AbortController();
      const seen = observed();
      const { port, outcome } = await serve((res) =>
        writeMultiStatus(
          res,
          async function* ({ signal }) {
            seen.signal = signal;
            try {
              yield entry(1);
              controller.abort(new Error('request timed out'));
              yield entry(2);
            } finally {
              seen.finallyRan = true;
            }
          },
          { signal: controller.signal },
        ),
      );
      const client = await request(port);
      expect(client.status).toBe(500);
      expect((reasonOf(await outcome()) as Error).message).toBe('request timed out');
      expect(seen.signal?.aborted).toBe(true);
      expect(seen.finallyRan).toBe(true);
    });
  });
});

async function readAll(body: Readable): Promise<string> {
  let text = '';
  for await (const chunk of body) text += (chunk as Buffer).toString('utf8');
  return text;
}

describe('prepareMultiStatus(entries, options)', () => {
  it('returns a string body and its Content-Length when everything fits before the commit point', async () => {
    const prepared = await prepareMultiStatus([{ href: '/a', status: 200 }], {
      headers: { accept: 'application/json' },
    });
    expect(prepared.status).toBe(207);
    expect(prepared.format).toBe('json');
    expect(prepared.vary).toEqual(['Accept']);
    expect(typeof prepared.body).toBe('string');
    expect(prepared.headers).toEqual({
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(prepared.body as string)),
    });
  });

  it('returns a byte stream of the rest after the commit point, the same document as a full render', async () => {
    const source = () =>
      (async function* () {
        for (let i = 0; i < 300; i++) yield entry(i);
      })();
    const streamed = await prepareMultiStatus(source, { commit: { entries: 10 } });
    const whole = await prepareMultiStatus(source, { commit: { entries: Number.POSITIVE_INFINITY } });
    expect(typeof streamed.body).not.toBe('string');
    expect(streamed.headers['content-length']).toBeUndefined();
    expect(await readAll(streamed.body as Readable)).toBe(whole.body);
  });

  it('sends Preference-Applied and extends Vary when the request prefers minimal', async () => {
    const prepared = await prepareMultiStatus([], { headers: { prefer: 'return=minimal' } });
    expect(prepared.headers['preference-applied']).toBe('return=minimal');
    expect(prepared.vary).toEqual(['Accept', 'Prefer', 'Brief']);
  });

  it('rejects before the commit point with nothing to send', async () => {
    await expect(prepareMultiStatus([{ href: '/a', status: 100 }])).rejects.toMatchObject({
      code: ErrorCodes.INFORMATIONAL_STATUS,
    });
  });

  it('destroys the stream with PRODUCER_FAILED when the producer fails after the commit point', async () => {
    const prepared = await prepareMultiStatus(
      (async function* () {
        for (let i = 0; i < 50; i++) yield entry(i);
        throw new Error('late failure');
      })(),
      { commit: { entries: 1 } },
    );
    const error = await readAll(prepared.body as Readable).catch((e: unknown) => e);
    expect((error as MultiStatusError).code).toBe(ErrorCodes.PRODUCER_FAILED);
    expect(((error as MultiStatusError).cause as Error).message).toBe('late failure');
  });

  it('stops the producer with CLIENT_ABORTED when piped into a response whose client goes away', async () => {
    const seen = observed();
    server = await listen(async (req, res) => {
      const prepared = await prepareMultiStatus(
        async function* ({ signal }) {
          seen.signal = signal;
          try {
            for (;;) yield entry(seen.produced++);
          } finally {
            seen.finallyRan = true;
          }
        },
        { headers: req.headers },
      );
      res.writeHead(prepared.status, prepared.headers);
      pipeline(prepared.body as Readable, res, () => {});
    });
    const { req, res } = await openRequest(server.port);
    await new Promise((r) => res.once('data', r));
    req.destroy();
    await settled(() => seen.finallyRan, 10, 2);
    expect(seen.finallyRan).toBe(true);
    expect(seen.signal?.reason).toMatchObject({ code: ErrorCodes.CLIENT_ABORTED });
  });

  it('stops the producer when the stream is destroyed or abort() is called', async () => {
    for (const stop of ['destroy', 'abort'] as const) {
      const seen = observed();
      const prepared = await prepareMultiStatus(
        async function* ({ signal }) {
          seen.signal = signal;
          try {
            for (;;) yield entry(seen.produced++);
          } finally {
            seen.finallyRan = true;
          }
        },
        { commit: { entries: 2 } },
      );
      const body = prepared.body as Readable;
      if (stop === 'destroy') body.destroy();
      else prepared.abort(new Error('gone'));
      await settled(() => seen.finallyRan, 10, 2);
      expect(seen.finallyRan).toBe(true);
      expect(seen.signal?.aborted).toBe(true);
      expect(body.destroyed).toBe(true);
    }
  });
});
