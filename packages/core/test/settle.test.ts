import { type Entry, ErrorCodes, entryFromError, MultiStatusError, settle } from '@multistatus/core';

function httpError(status: number, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { status, ...extra });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('settle(items, worker, options)', () => {
  describe('when every worker succeeds', () => {
    it('returns the entries in input order, whatever order they finish in', async () => {
      const delays = [30, 0, 15, 5];
      const entries = await settle(
        delays,
        async (ms, { index }) => {
          await new Promise((r) => setTimeout(r, ms));
          return { href: `/items/${index}`, status: 200 + index };
        },
        { href: (_, i) => `/items/${i}` },
      );
      expect(entries).toEqual([
        { href: '/items/0', status: 200 },
        { href: '/items/1', status: 201 },
        { href: '/items/2', status: 202 },
        { href: '/items/3', status: 203 },
      ]);
    });
    it('fills in a missing href from options.href', async () => {
      const entries = await settle([{ id: 'a' }, { id: 'b' }], () => ({ status: 204 }), {
        href: (item) => `/things/${item.id}`,
      });
      expect(entries).toEqual([
        { href: '/things/a', status: 204 },
        { href: '/things/b', status: 204 },
      ]);
    });
    it('uses string items as their own href', async () => {
      expect(await settle(['/a', '/b'], () => ({ status: 200 }))).toEqual([
        { href: '/a', status: 200 },
        { href: '/b', status: 200 },
      ]);
    });
    it('returns [] for no items without calling the worker', async () => {
      const worker = jest.fn();
      expect(await settle([], worker)).toEqual([]);
      expect(worker).not.toHaveBeenCalled();
    });
  });

  describe('when a worker throws', () => {
    it('turns an http-errors style 4xx into an entry with its message', async () => {
      const entries = await settle(['/a'], () => {
        throw httpError(422, 'name is required', { expose: true });
      });
      expect(entries).toEqual([{ href: '/a', status: 422, description: 'name is required' }]);
    });
    it('reads statusCode as well as status', async () => {
      const entries = await settle(['/a'], async () => {
        throw Object.assign(new Error('gone'), { statusCode: 410 });
      });
      expect(entries).toEqual([{ href: '/a', status: 410, description: 'gone' }]);
    });
    it('hides the message of a 4xx whose expose is false', async () => {
      const entries = await settle(['/a'], () => {
        throw httpError(403, 'user 7 lacks role admin', { expose: false });
      });
      expect(entries).toEqual([{ href: '/a', status: 403 }]);
    });
    it('never exposes the message of a 5xx, even with expose: true', async () => {
      const entries = await settle(['/a', '/b'], (href) => {
        throw href === '/a' ? httpError(503, 'db at 10.0.0.5 down') : httpError(500, 'secret', { expose: true });
      });
      expect(entries).toEqual([
        { href: '/a', status: 503 },
        { href: '/b', status: 500 },
      ]);
    });
    it('makes a plain error, a non-error status, or a thrown non-object a 500', async () => {
      const thrown: unknown[] = [new Error('boom'), httpError(302, 'moved'), httpError(99, 'odd'), 'a string', null];
      const entries = await settle(
        thrown,
        (value) => {
          throw value;
        },
        { href: (_, i) => `/${i}` },
      );
      expect(entries.map((e) => ('status' in e ? e.status : undefined))).toEqual([500, 500, 500, 500, 500]);
      expect(entries.every((e) => e.description === undefined)).toBe(true);
    });
    it('keeps the other items running and their results', async () => {
      const entries = await settle(['/ok', '/bad', '/ok2'], (href) => {
        if (href === '/bad') throw httpError(409, 'conflict');
        return { status: 201 };
      });
      expect(entries).toEqual([
        { href: '/ok', status: 201 },
        { href: '/bad', status: 409, description: 'conflict' },
        { href: '/ok2', status: 201 },
      ]);
    });
  });

  describe('concurrency', () => {
    it('runs at most 8 workers at once by default', async () => {
      let running = 0;
      let peak = 0;
      await settle(
        Array.from({ length: 30 }, (_, i) => `/${i}`),
        async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 2));
          running--;
          return { status: 200 };
        },
      );
      expect(peak).toBe(8);
    });
    it('runs at most options.concurrency workers at once', async () => {
      let running = 0;
      let peak = 0;
      await settle(
        Array.from({ length: 10 }, (_, i) => `/${i}`),
        async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setImmediate(r));
          running--;
          return { status: 200 };
        },
        { concurrency: 3 },
      );
      expect(peak).toBe(3);
    });
    it('rejects a concurrency that is not a positive integer', async () => {
      for (const concurrency of [0, -1, 1.5, Number.NaN]) {
        await expect(settle(['/a'], () => ({ status: 200 }), { concurrency })).rejects.toMatchObject({
          code: ErrorCodes.INVALID_OPTION,
        });
      }
    });
  });

  describe('when options.signal aborts', () => {
    it('starts no further item, tells running workers, and rejects with the reason', async () => {
      const controller = new AbortController();
      const started: number[] = [];
      const gate = deferred();
      const signals: AbortSignal[] = [];
      const result = settle(
        Array.from({ length: 10 }, (_, i) => `/${i}`),
        async (_, { index, signal }) => {
          started.push(index);
          signals.push(signal);
          await gate.promise;
          return { status: 200 };
        },
        { concurrency: 2, signal: controller.signal },
      );
      await new Promise((r) => setImmediate(r));
      controller.abort(new Error('shutting down'));
      gate.resolve();
      await expect(result).rejects.toThrow('shutting down');
      await new Promise((r) => setImmediate(r));
      expect(started).toEqual([0, 1]);
      expect(signals.every((s) => s.aborted)).toBe(true);
    });
    it('rejects at once without calling the worker when the signal is already aborted', async () => {
      const worker = jest.fn();
      await expect(settle(['/a'], worker, { signal: AbortSignal.abort(new Error('no')) })).rejects.toThrow('no');
      expect(worker).not.toHaveBeenCalled();
    });
  });

  describe('when the call is wrong', () => {
    it('rejects without running anything when items are not strings and there is no href option', async () => {
      const worker = jest.fn();
      await expect(settle([{ id: 1 }], worker)).rejects.toThrow(
        'settle() needs options.href to name item 0, which is not a string (failed items become entries and need an href).',
      );
      expect(worker).not.toHaveBeenCalled();
    });
    it('rejects with the validation error when a worker returns an invalid entry', async () => {
      const err = await settle(['/a'], () => ({ status: 102 }) as Entry).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MultiStatusError);
      expect((err as MultiStatusError).code).toBe(ErrorCodes.INFORMATIONAL_STATUS);
    });
  });
});

describe('entryFromError(href, error)', () => {
  it('follows the http-errors convention', () => {
    expect(entryFromError('/x', httpError(404, 'no such item'))).toEqual({
      href: '/x',
      status: 404,
      description: 'no such item',
    });
    expect(entryFromError('/x', new Error('internal detail'))).toEqual({ href: '/x', status: 500 });
  });
});
