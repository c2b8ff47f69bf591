import type { AddressInfo } from 'node:net';
import { ErrorCodes } from '@multistatus/core';
import { readMultiStatus } from '@multistatus/testing';
import express from 'express';
import request from 'supertest';

const JSON_BODY =
  '{"responses":[{"href":"/a","status":200},{"href":"/b","status":404,"problem":{"type":"about:blank","title":"Not Found","status":404}}],"summary":{"total":2,"succeeded":1,"failed":1}}';
const PARSED = {
  entries: [
    { href: '/a', status: 200 },
    { href: '/b', status: 404 },
  ],
  summary: { total: 2, succeeded: 1, failed: 1 },
};

function createApp(): express.Express {
  const app = express();
  app.post('/json', (_req, res) => {
    res.status(207).type('application/json').send(JSON_BODY);
  });
  return app;
}

describe('readMultiStatus(source)', () => {
  const app = createApp();

  describe('when given a fetch Response', () => {
    it('reads its body', async () => {
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const response = await fetch(`http://127.0.0.1:${port}/json`, { method: 'POST' });
        expect(await readMultiStatus(response)).toEqual(PARSED);
      } finally {
        server.close();
      }
    });
  });

  describe('when given a supertest response', () => {
    it('reads the JSON body supertest parsed', async () => {
      expect(await readMultiStatus(await request(app).post('/json'))).toEqual(PARSED);
    });
  });

  describe('when given a body', () => {
    it('reads JSON text, telling the format from the first character', async () => {
      expect(await readMultiStatus(JSON_BODY)).toEqual(PARSED);
    });

    it('reads JSON bytes', async () => {
      expect(await readMultiStatus(new TextEncoder().encode(JSON_BODY))).toEqual(PARSED);
    });

    it('rejects bytes that are not UTF-8 with a parse error', async () => {
      await expect(readMultiStatus(Uint8Array.from([0x7b, 0xff, 0x7d]))).rejects.toMatchObject({
        code: ErrorCodes.PARSE_MALFORMED,
        message: expect.stringMatching(/not UTF-8/),
      });
    });

    it('rejects text that is neither XML nor JSON', async () => {
      await expect(readMultiStatus('hello')).rejects.toMatchObject({ code: ErrorCodes.PARSE_INVALID });
    });
  });

  describe('when given a parsed result', () => {
    it('gives it back', async () => {
      expect(await readMultiStatus(PARSED)).toBe(PARSED);
    });
  });

  describe('when given something else', () => {
    it('rejects with a TypeError that says what it takes', async () => {
      await expect(readMultiStatus({ nothing: true } as never)).rejects.toThrow(
        /readMultiStatus: expected a response \(status, headers, text or body\), a fetch Response, or a body/,
      );
    });
  });
});
