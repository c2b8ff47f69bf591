import type { ServerResponse } from 'node:http';
import {
  type Entry,
  ErrorCodes,
  excludeLocation,
  type MultiStatusError,
  settle,
  writeMultiStatus,
} from '@multistatus/core';
import onHeaders from 'on-headers';
import { type ClientResult, listen, listenerCounts, request, runAsApp, type TestServer } from './support/http-harness';
import { elementNames } from './support/well-formed';

const XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">\n';
const XML_TAIL = '</D:multistatus>\n';

const propfind: Entry[] = [
  {
    href: '/docs/',
    propstat: [
      { status: 200, props: { displayname: 'Docs' } },
      { status: 404, props: { getetag: null } },
    ],
  },
];

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Serves one handler and sends one request; the handler's outcome comes back with the client's view. */
async function exchange(
  handler: (res: ServerResponse) => Promise<void>,
  options: Parameters<typeof request>[1] = {},
): Promise<{ client: ClientResult; outcome: PromiseSettledResult<void> }> {
  let outcome!: Promise<PromiseSettledResult<void>>;
  server = await listen((_req, res) => {
    outcome = runAsApp(handler, res);
  });
  const client = await request(server.port, options);
  return { client, outcome: await outcome };
}

describe('writeMultiStatus(res, entries)', () => {
  describe('when entries are an array', () => {
    it('answers 207 with XML, a Content-Length and Vary: Accept', async () => {
      const { client, outcome } = await exchange((res) =>
        writeMultiStatus(res, [
          { href: '/a', status: 200 },
          { href: '/b', status: 404 },
        ]),
      );
      expect(outcome.status).toBe('fulfilled');
      expect(client.status).toBe(207);
      expect(client.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(client.headers.vary).toBe('Accept');
      expect(client.body).toBe(
        `${XML_HEAD}<D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response>\n` +
          `<D:response><D:href>/b</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>\n${XML_TAIL}`,
      );
      expect(client.headers['content-length']).toBe(String(Buffer.byteLength(client.body)));
      expect(client.headers['transfer-encoding']).toBeUndefined();
      expect(elementNames(client.body)[0]).toBe('{DAV:}multistatus');
    });

    it('replaces a Content-Length set before, and drops it when streaming', async () => {
      const { client } = await exchange((res) => {
        res.setHeader('Content-Length', '3');
        return writeMultiStatus(res, [{ href: '/a', status: 200 }]);
      });
      expect(client.headers['content-length']).toBe(String(Buffer.byteLength(client.body)));
      await server?.close();
      const streamed = await exchange((res) => {
        res.setHeader('Content-Length', '3');
        return writeMultiStatus(res, [{ href: '/a', status: 200 }], { commit: { entries: 0 } });
      });
      expect(streamed.client.headers['content-length']).toBeUndefined();
      expect(streamed.client.complete).toBe(true);
      expect(streamed.client.body).toContain('<D:href>/a</D:href>');
    });

    it('answers 207 whatever the entries say', async () => {
      const { client } = await exchange((res) => writeMultiStatus(res, [{ href: '/a', status: 500 }]));
      expect(client.status).toBe(207);
    });

    it('counts Content-Length in bytes, not characters', async () => {
      const { client } = await exchange((res) =>
        writeMultiStatus(res, [{ href: '/a', status: 200, description: 'Größe ✓ 😀' }]),
      );
      expect(client.body).toContain('Größe ✓ 😀');
      expect(Number(client.headers['content-length'])).toBe(Buffer.byteLength(client.body));
    });
  });

  describe('when entries are a promise', () => {
    it('writes what it resolves to, as settle() returns it', async () => {
      const { client } = await exchange((res) =>
        writeMultiStatus(
          res,
          settle(['/a', '/b'], (href) => (href === '/a' ? { status: 201 } : Promise.reject(new Error('x')))),
        ),
      );
      expect(client.status).toBe(207);
      expect(elementNames(client.body).filter((n) => n === '{DAV:}response')).toHaveLength(2);
      expect(client.body).toContain('HTTP/1.1 500 Internal Server Error');
    });

    it('rejects with its rejection, nothing written', async () => {
      const { client, outcome } = await exchange((res) =>
        writeMultiStatus(res, Promise.reject(new Error('query failed'))),
      );
      expect(((outcome as PromiseRejectedResult).reason as Error).message).toBe('query failed');
      expect(client.status).toBe(500);
    });

    it('does not leave a rejected promise unhandled on HEAD', async () => {
      const unhandled = jest.fn();
      process.on('unhandledRejection', unhandled);
      try {
        const { client } = await exchange((res) => writeMultiStatus(res, Promise.reject(new Error('never read'))), {
          method: 'HEAD',
        });
        expect(client.status).toBe(207);
        await new Promise((r) => setImmediate(r));
        expect(unhandled).not.toHaveBeenCalled();
      } finally {
        process.off('unhandledRejection', unhandled);
      }
    });
  });

  describe('when something sets a Location header', () => {
    it('removes a Location set before the call', async () => {
      const { client } = await exchange((res) => {
        res.setHeader('Location', '/elsewhere');
        return writeMultiStatus(res, [{ href: '/a', status: 201 }]);
      });
      expect(client.status).toBe(207);
      expect(client.headers.location).toBeUndefined();
    });

    it('keeps out a Location set by a header hook registered earlier (it runs after ours)', async () => {
      const { client } = await exchange((res) => {
        onHeaders(res, function (this: ServerResponse) {
          this.setHeader('Location', '/from-earlier-hook');
          this.setHeader('X-Hook', 'ran');
        });
        return writeMultiStatus(res, [{ href: '/a', status: 201 }]);
      });
      expect(client.headers['x-hook']).toBe('ran');
      expect(client.headers.location).toBeUndefined();
    });

    it('keeps out a Location set by a header hook registered later (it runs before ours)', async () => {
      const { client } = await exchange(async (res) => {
        const writing = writeMultiStatus(
          res,
          (async function* () {
            yield { href: '/a', status: 201 } as Entry;
          })(),
        );
        onHeaders(res, function (this: ServerResponse) {
          this.setHeader('Location', '/from-later-hook');
        });
        await writing;
      });
      expect(client.status).toBe(207);
      expect(client.headers.location).toBeUndefined();
    });

    it('leaves Location alone when the response is no longer a 207 (an error handler took over)', async () => {
      const { client } = await exchange(async (res) => {
        res.statusCode = 207;
        excludeLocation(res);
        res.statusCode = 302;
        res.setHeader('Location', '/login');
        res.end();
      });
      expect(client.status).toBe(302);
      expect(client.headers.location).toBe('/login');
    });

    it('leaves setHeader as it was once the headers are out', async () => {
      let ownAfter: boolean | undefined;
      await exchange(async (res) => {
        await writeMultiStatus(res, [{ href: '/a', status: 200 }]);
        ownAfter = Object.hasOwn(res, 'setHeader');
      });
      expect(ownAfter).toBe(false);
    });
  });

  describe('content negotiation', () => {
    it('answers JSON to a client that prefers it, with Vary: Accept', async () => {
      const { client } = await exchange((res) => writeMultiStatus(res, [{ href: '/a', status: 200 }]), {
        headers: { accept: 'application/json' },
      });
      expect(client.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(client.headers.vary).toBe('Accept');
      expect(JSON.parse(client.body)).toMatchObject({
        responses: [{ href: '/a', status: 200 }],
        summary: { total: 1 },
      });
    });

    it('follows the order of options.formats when the client has no preference', async () => {
      const { client } = await exchange(
        (res) => writeMultiStatus(res, [{ href: '/a', status: 200 }], { formats: ['json', 'xml'] }),
        {
          headers: { accept: '*/*' },
        },
      );
      expect(client.headers['content-type']).toBe('application/json; charset=utf-8');
    });

    it('answers the first offered format, not 406, when nothing offered is acceptable', async () => {
      const { client } = await exchange((res) => writeMultiStatus(res, [{ href: '/a', status: 200 }]), {
        headers: { accept: 'image/png' },
      });
      expect(client.status).toBe(207);
      expect(client.headers['content-type']).toBe('application/xml; charset=utf-8');
    });

    it('does not negotiate, nor send Vary, for a fixed options.format', async () => {
      const { client } = await exchange(
        (res) => writeMultiStatus(res, [{ href: '/a', status: 200 }], { format: 'json' }),
        {
          headers: { accept: 'application/xml' },
        },
      );
      expect(client.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(client.headers.vary).toBeUndefined();
    });

    it('adds to a Vary header set before, without repeating a field', async () => {
      const { client } = await exchange((res) => {
        res.setHeader('Vary', 'Origin, accept');
        return writeMultiStatus(res, [{ href: '/a', status: 200 }]);
      });
      expect(client.headers.vary).toBe('Origin, accept');
    });

    it('reads the request headers from options.headers when given', async () => {
      const { client } = await exchange((res) =>
        writeMultiStatus(res, [{ href: '/a', status: 200 }], { headers: { accept: 'application/json' } }),
      );
      expect(client.headers['content-type']).toBe('application/json; charset=utf-8');
    });
  });

  describe('when the client prefers a minimal response', () => {
    const kept =
      '<D:response><D:href>/docs/</D:href><D:propstat><D:prop><D:displayname>Docs</D:displayname></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>\n';

    it('drops 404 propstats for Prefer: return=minimal, sends Preference-Applied and varies on Prefer', async () => {
      const { client } = await exchange((res) => writeMultiStatus(res, propfind), {
        headers: { prefer: 'return=minimal' },
      });
      expect(client.body).toBe(`${XML_HEAD}${kept}${XML_TAIL}`);
      expect(client.headers['preference-applied']).toBe('return=minimal');
      expect(client.headers.vary).toBe('Accept, Prefer, Brief');
    });

    it('drops them for Brief: t, without Preference-Applied', async () => {
      const { client } = await exchange((res) => writeMultiStatus(res, propfind), { headers: { brief: 't' } });
      expect(client.body).toBe(`${XML_HEAD}${kept}${XML_TAIL}`);
      expect(client.headers['preference-applied']).toBeUndefined();
      expect(client.headers.vary).toBe('Accept, Prefer, Brief');
    });

    it('keeps them, and says nothing, when the client did not ask', async () => {
      const { client } = await exchange((res) => writeMultiStatus(res, propfind));
      expect(client.body).toContain('<D:status>HTTP/1.1 404 Not Found</D:status>');
      expect(client.headers['preference-applied']).toBeUndefined();
      expect(client.headers.vary).toBe('Accept');
    });

    it('keeps them when options.minimal is false, whatever the client asked', async () => {
      const { client } = await exchange((res) => writeMultiStatus(res, propfind, { minimal: false }), {
        headers: { prefer: 'return=minimal' },
      });
      expect(client.body).toContain('HTTP/1.1 404 Not Found');
      expect(client.headers['preference-applied']).toBeUndefined();
    });
  });

  describe('when the request is HEAD', () => {
    it('sends the 207 headers without a body and never calls the producer', async () => {
      const producer = jest.fn(() => [{ href: '/a', status: 200 } as Entry]);
      const { client, outcome } = await exchange((res) => writeMultiStatus(res, producer), { method: 'HEAD' });
      expect(outcome.status).toBe('fulfilled');
      expect(client.status).toBe(207);
      expect(client.headers['content-type']).toBe('application/xml; charset=utf-8');
      expect(client.body).toBe('');
      expect(producer).not.toHaveBeenCalled();
    });
  });

  describe('when an entry is invalid', () => {
    it('rejects with the validation error and writes nothing, so the app can answer 500', async () => {
      const { client, outcome } = await exchange((res) =>
        writeMultiStatus(res, [
          { href: '/a', status: 200 },
          { href: '/b', status: 102 },
        ]),
      );
      expect(outcome.status).toBe('rejected');
      expect(((outcome as PromiseRejectedResult).reason as MultiStatusError).code).toBe(
        ErrorCodes.INFORMATIONAL_STATUS,
      );
      expect(client.status).toBe(500);
      expect(client.body).toBe('handled by the app');
      expect(client.headers.vary).toBeUndefined();
    });

    it('rejects an invalid option before pulling any entry', async () => {
      const producer = jest.fn(() => []);
      const { outcome } = await exchange((res) => writeMultiStatus(res, producer, { commit: { entries: -1 } }));
      expect(((outcome as PromiseRejectedResult).reason as MultiStatusError).code).toBe(ErrorCodes.INVALID_OPTION);
      expect(producer).not.toHaveBeenCalled();
    });

    it('rejects options that are not an object', async () => {
      const { outcome } = await exchange((res) => writeMultiStatus(res, [], 'json' as unknown as undefined));
      expect(((outcome as PromiseRejectedResult).reason as MultiStatusError).code).toBe(ErrorCodes.INVALID_OPTION);
    });

    it('rejects entries that are not a source of entries', async () => {
      const { outcome } = await exchange((res) => writeMultiStatus(res, 42 as unknown as Entry[]));
      expect(((outcome as PromiseRejectedResult).reason as MultiStatusError).message).toMatch(
        /^Invalid entries: a number\./,
      );
    });
  });

  describe('when the response has already started', () => {
    it('rejects with HEADERS_SENT and leaves the response alone', async () => {
      const { client, outcome } = await exchange(async (res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('already ');
        try {
          await writeMultiStatus(res, [{ href: '/a', status: 200 }]);
        } finally {
          res.end('sent');
        }
      });
      expect(((outcome as PromiseRejectedResult).reason as MultiStatusError).code).toBe(ErrorCodes.HEADERS_SENT);
      expect(client.status).toBe(200);
      expect(client.body).toBe('already sent');
    });
  });

  describe('when it is done', () => {
    it('leaves no listener behind on the response or the socket', async () => {
      // Node moves its own listeners when a response finishes, so compare with a plain response that ends.
      const countsAfter = async (write: (res: ServerResponse) => Promise<void>): Promise<unknown> => {
        let counts: unknown;
        await exchange(async (res) => {
          const socket = res.socket!;
          await write(res);
          counts = [listenerCounts(res), listenerCounts(socket)];
        });
        await server?.close();
        server = undefined;
        return counts;
      };
      const plain = await countsAfter(
        (res) =>
          new Promise<void>((resolve) => {
            res.once('finish', () => resolve());
            res.end('plain');
          }),
      );
      const ours = await countsAfter((res) =>
        writeMultiStatus(
          res,
          (async function* () {
            for (let i = 0; i < 500; i++) yield { href: `/${i}`, status: 200 } as Entry;
          })(),
        ),
      );
      expect(ours).toEqual(plain);
    });
  });
});
