import type { AddressInfo } from 'node:net';
import { ErrorCodes } from '@multistatus/core';
import '@multistatus/testing/jest';
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

const XML_BODY =
  '<?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response><D:response><D:href>/b</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response></D:multistatus>';
const PARSED_XML = { entries: PARSED.entries };

function createApp(): express.Express {
  const app = express();
  app.post('/xml', (_req, res) => {
    res.status(207).type('application/xml').send(XML_BODY);
  });
  app.post('/text-xml', (_req, res) => {
    res.status(207).type('text/xml').send(XML_BODY);
  });
  app.post('/json', (_req, res) => {
    res.status(207).type('application/json').send(JSON_BODY);
  });
  return app;
}

describe('readMultiStatus(source)', () => {
  const app = createApp();

  describe('when given a fetch Response', () => {
    it('reads its JSON or XML body', async () => {
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const json = await fetch(`http://127.0.0.1:${port}/json`, { method: 'POST' });
        expect(await readMultiStatus(json)).toEqual(PARSED);
        const xml = await fetch(`http://127.0.0.1:${port}/xml`, { method: 'POST' });
        expect(await readMultiStatus(xml)).toEqual(PARSED_XML);
      } finally {
        server.close();
      }
    });
  });

  describe('when given a supertest response', () => {
    it('reads the JSON body supertest parsed', async () => {
      expect(await readMultiStatus(await request(app).post('/json'))).toEqual(PARSED);
    });

    it('reads an application/xml body, which supertest leaves as text', async () => {
      const res = await request(app).post('/xml');
      expect(res.body).toEqual({});
      const result = await readMultiStatus(res);
      expect(result).toEqual(PARSED_XML);
      expect(result).toHaveEntry('/b', 404);
    });

    it('reads a text/xml body, which supertest leaves as text', async () => {
      expect(await readMultiStatus(await request(app).post('/text-xml'))).toEqual(PARSED_XML);
    });
  });

  describe('when given a body', () => {
    it('reads JSON text, telling the format from the first character', async () => {
      expect(await readMultiStatus(JSON_BODY)).toEqual(PARSED);
    });

    it('reads XML text', async () => {
      expect(await readMultiStatus(XML_BODY)).toEqual(PARSED_XML);
    });

    it("rejects XML that is not a multistatus with core's parse error", async () => {
      await expect(readMultiStatus('<D:prop xmlns:D="DAV:"/>')).rejects.toMatchObject({
        code: ErrorCodes.PARSE_WRONG_ROOT,
      });
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
