import type { Entry } from '@multistatus/core';
import { ErrorCodes, MultiStatusError } from '@multistatus/core';
import { get, listen, readBody } from '../support/live-server';
import { describeMatrix } from '../support/matrix';

const COUNT = 200_000;
// About 240 bytes an entry, so the whole document (~49 MB) dwarfs what socket buffers can hold.
const FILLER = 'x'.repeat(80);

async function* manyEntries(progress: { produced: number; finished: boolean }): AsyncGenerator<Entry> {
  try {
    for (let i = 0; i < COUNT; i++) {
      progress.produced = i + 1;
      yield { href: `/items/${i}`, propstat: [{ status: 200, props: { displayname: FILLER } }] };
    }
  } finally {
    progress.finished = true;
  }
}

/** Resolves once `read()` has not changed for a few turns of the event loop (bounded: 3 s at most). */
async function settled(read: () => number): Promise<number> {
  let last = -1;
  for (let quiet = 0, turns = 0; quiet < 5 && turns < 60; turns++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = read();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  return last;
}

/** Resolves when `condition()` holds, or rejects after 5 s with `what` (a hang guard, not a timing test). */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describeMatrix('multiStatus(asyncIterable) streaming over a real socket', (framework) => {
  describe('when 200,000 entries are produced', () => {
    it('streams them with backpressure: the producer waits for a client that stops reading', async () => {
      const progress = { produced: 0, finished: false };
      const app = framework.createApp({ handle: (route) => route.multiStatus(manyEntries(progress)) });
      const server = await listen(app.listener);
      try {
        const res = await get(server.url);
        expect(res.statusCode).toBe(207);
        expect(res.headers['content-length']).toBeUndefined();
        res.pause();
        const producedWhilePaused = await settled(() => progress.produced);
        // Socket buffers and a chunk or two hold some entries (about 16,000 here: 4 MB); the rest must wait for
        // the client, so memory stays bounded however long the listing is.
        expect(producedWhilePaused).toBeLessThan(COUNT / 2);

        // Counted on the raw bytes, carrying over the end of each chunk in case a tag is split.
        const closing = Buffer.from('</D:response>');
        let responses = 0;
        let carry: Buffer = Buffer.alloc(0);
        let tail = '';
        res.on('data', (chunk: Buffer) => {
          const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
          for (let at = bytes.indexOf(closing); at !== -1; at = bytes.indexOf(closing, at + closing.length))
            responses++;
          carry = bytes.subarray(bytes.length - (closing.length - 1));
          tail = bytes.subarray(-40).toString('latin1');
        });
        res.resume();
        await new Promise((resolve) => res.on('end', resolve));
        expect(responses).toBe(COUNT);
        expect(tail.endsWith('</D:multistatus>\n')).toBe(true);
        expect(progress.finished).toBe(true);
      } finally {
        await server.close();
      }
    });
  });

  describe('when the producer fails before the commit point', () => {
    it('reaches the app’s error handler instead of a 207', async () => {
      async function* failing(): AsyncGenerator<Entry> {
        yield { href: '/a', status: 200 };
        throw new Error('database unavailable');
      }
      const app = framework.createApp({ handle: (route) => route.multiStatus(failing()) });
      const server = await listen(app.listener);
      try {
        const res = await get(server.url);
        const body = await readBody(res);
        expect(res.statusCode).toBe(500);
        expect(JSON.parse(body.text)).toMatchObject({ handledBy: 'app' });
        expect(app.errors).toHaveLength(1);
        expect(String((app.errors[0] as Error).message) + String((app.errors[0] as Error).cause)).toContain(
          'database unavailable',
        );
      } finally {
        await server.close();
      }
    });
  });

  describe('when the producer fails after the commit point', () => {
    it('aborts the response: no closing tag, no clean end, and the failure is reported', async () => {
      async function* failing(): AsyncGenerator<Entry> {
        for (let i = 0; i < 1000; i++) yield { href: `/items/${i}`, status: 200 };
        throw new Error('database went away');
      }
      const app = framework.createApp({
        options: { commit: { entries: 10 } },
        handle: (route) => route.multiStatus(failing()),
      });
      const server = await listen(app.listener);
      try {
        const res = await get(server.url);
        expect(res.statusCode).toBe(207);
        const body = await readBody(res);
        expect(body.complete).toBe(false);
        expect(body.text).toContain('<D:href>/items/10</D:href>');
        expect(body.text).not.toContain('</D:multistatus>');
        await until(() => app.lateErrors.length > 0, 'the framework reports the failure');
        const [err] = app.lateErrors;
        expect(err).toBeInstanceOf(MultiStatusError);
        expect((err as MultiStatusError).code).toBe(ErrorCodes.PRODUCER_FAILED);
        expect(app.errors).toHaveLength(0);
      } finally {
        await server.close();
      }
    });
  });

  describe('when the client disconnects mid-stream', () => {
    it('stops the producer: its signal aborts and its finally block runs', async () => {
      const state = { produced: 0, finished: false, aborted: false };
      const app = framework.createApp({
        handle: (route) =>
          route.multiStatus(async function* ({ signal }) {
            try {
              // Endless: only the client leaving can stop it.
              for (let i = 0; ; i++) {
                state.produced = i;
                if (i % 100 === 0) await new Promise((resolve) => setImmediate(resolve));
                yield { href: `/endless/${i}`, status: 200 };
              }
            } finally {
              state.aborted = signal.aborted;
              state.finished = true;
            }
          }),
      });
      const server = await listen(app.listener);
      try {
        const res = await get(server.url);
        expect(res.statusCode).toBe(207);
        await new Promise((resolve) => res.once('data', resolve));
        res.destroy();
        await until(() => state.finished, 'the producer’s finally block runs');
        expect(state.aborted).toBe(true);
        const producedAtStop = state.produced;
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(state.produced).toBe(producedAtStop);
      } finally {
        await server.close();
      }
    });
  });
});
