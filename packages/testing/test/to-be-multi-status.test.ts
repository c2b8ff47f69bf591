import '@multistatus/testing/jest';
import type { AddressInfo } from 'node:net';
import { multiStatusParser, readMultiStatus } from '@multistatus/testing';
import express from 'express';
import request from 'supertest';

const GOOD_JSON =
  '{"responses":[{"href":"/a","status":200},{"href":"/b","status":404,"problem":{"type":"about:blank","title":"Not Found","status":404}}],"summary":{"total":2,"succeeded":1,"failed":1}}';

const GOOD_XML =
  '<?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:"><D:response><D:href>/a</D:href><D:status>HTTP/1.1 200 OK</D:status></D:response></D:multistatus>';

function createApp(): express.Express {
  const app = express();
  const send = (path: string, status: number, type: string, body: string, headers: Record<string, string> = {}) => {
    app.post(path, (_req, res) => {
      res.status(status).set(headers).type(type).send(body);
    });
  };
  send('/good', 207, 'application/json', GOOD_JSON);
  send('/ok', 200, 'application/json', GOOD_JSON);
  send('/located', 207, 'application/json', GOOD_JSON, { Location: '/a' });
  send('/no-summary', 207, 'application/json', '{"responses":[{"href":"/a","status":200}]}');
  send(
    '/wrong-total',
    207,
    'application/json',
    '{"responses":[{"href":"/a","status":200}],"summary":{"total":2,"succeeded":2,"failed":0}}',
  );
  send(
    '/informational',
    207,
    'application/json',
    '{"responses":[{"href":"/a","status":102}],"summary":{"total":1,"succeeded":1,"failed":0}}',
  );
  send('/plain', 207, 'text/plain', 'done');
  send('/html', 207, 'text/html', GOOD_XML);
  send('/xml', 207, 'application/xml', GOOD_XML);
  send(
    '/xml-redirect',
    207,
    'application/xml',
    '<?xml version="1.0"?><D:multistatus xmlns:D="DAV:"><D:response><D:href>/old</D:href><D:status>HTTP/1.1 301 Moved Permanently</D:status></D:response></D:multistatus>',
  );
  send('/xml-error', 500, 'application/xml', '<error/>');
  return app;
}

describe('expect(received).toBeMultiStatus()', () => {
  const app = createApp();

  describe('when the response is a 207 with a well-formed JSON multistatus', () => {
    it('passes on the body supertest parsed as JSON', async () => {
      expect(await request(app).post('/good')).toBeMultiStatus();
    });

    it('passes on the body multiStatusParser parsed', async () => {
      expect(await request(app).post('/good').buffer(true).parse(multiStatusParser)).toBeMultiStatus();
    });

    it('fails under .not, saying how many entries it has', async () => {
      const res = await request(app).post('/good');
      expect(() => expect(res).not.toBeMultiStatus()).toThrow(
        /\.not\.toBeMultiStatus\(\)[\s\S]*Expected not a 207 Multi-Status response with a well-formed body\nReceived: status 207, 2 entries/,
      );
    });
  });

  describe('when the response is a 207 with an XML multistatus', () => {
    it('passes once multiStatusParser has read the body', async () => {
      expect(await request(app).post('/xml').buffer(true).parse(multiStatusParser)).toBeMultiStatus();
    });

    it('parses the XML itself when the body was buffered as text but not parsed', async () => {
      const res = await request(app).post('/xml').buffer(true);
      expect(res.text).toContain('<D:multistatus');
      expect(res).toBeMultiStatus();
      expect(res).toHaveEntry('/a');
    });

    it('fails, with the parse error, on a buffered XML body that is not well-formed', async () => {
      const res = await request(app).post('/xml').buffer(true);
      const broken = { ...res, status: res.status, headers: res.headers, text: res.text.slice(0, 60) };
      expect(() => expect(broken).toBeMultiStatus()).toThrow(/line \d+, column \d+/);
    });

    it('fails on a redirect entry without location (RFC 4918 §13.2)', async () => {
      const res = await request(app).post('/xml-redirect').buffer(true).parse(multiStatusParser);
      expect(() => expect(res).toBeMultiStatus()).toThrow(/entry 0: .*"\/old".*location/);
    });
  });

  describe('when the status is not 207', () => {
    it('fails, naming the status and showing the body', async () => {
      const res = await request(app).post('/ok');
      expect(() => expect(res).toBeMultiStatus()).toThrow(
        /Received:\n {2}- the status is 200, not 207\n\nBody:\n\{"responses"/,
      );
    });

    it('passes under .not', async () => {
      expect(await request(app).post('/ok')).not.toBeMultiStatus();
      expect(await request(app).post('/xml-error')).not.toBeMultiStatus();
    });
  });

  describe('when the 207 carries a Location header', () => {
    it('fails, citing RFC 4918 §13.1', async () => {
      const res = await request(app).post('/located');
      expect(() => expect(res).toBeMultiStatus()).toThrow(
        /it has a Location header \("\/a"\), which a 207 must not carry \(RFC 4918 §13\.1\)/,
      );
    });
  });

  describe('when the JSON body is not a correct multistatus', () => {
    it('fails when the summary is missing', async () => {
      const res = await request(app).post('/no-summary');
      expect(() => expect(res).toBeMultiStatus()).toThrow(/the JSON body has no summary/);
    });

    it('fails when the summary disagrees with the responses', async () => {
      const res = await request(app).post('/wrong-total');
      expect(() => expect(res).toBeMultiStatus()).toThrow(/summary\.total is 2 but the body has 1 responses/);
    });

    it('fails on an entry the model forbids, with the rule it breaks', async () => {
      const res = await request(app).post('/informational');
      expect(() => expect(res).toBeMultiStatus()).toThrow(
        /entry 0: Invalid status code: 102 for "\/a"\. .*1xx is not allowed/,
      );
    });

    it('fails when the body is neither XML nor JSON', async () => {
      const res = await request(app).post('/plain');
      expect(() => expect(res).toBeMultiStatus()).toThrow(
        /the body is not a multistatus: its body is neither XML nor JSON \(content type "text\/plain; charset=utf-8"\)/,
      );
      expect(res).not.toBeMultiStatus();
    });

    it('fails when the content type is not XML or JSON, even though the body is', async () => {
      const res = await request(app).post('/html').buffer(true).parse(multiStatusParser);
      expect(res.body.entries).toHaveLength(1);
      expect(() => expect(res).toBeMultiStatus()).toThrow(
        /the content type is "text\/html; charset=utf-8", not an XML or JSON media type/,
      );
    });
  });

  describe('when given a parsed result', () => {
    it('passes when every entry is well-formed', () => {
      expect({ entries: [{ href: '/a', status: 200 }] }).toBeMultiStatus();
    });

    it('fails on a redirect without location (RFC 4918 §13.2)', () => {
      expect(() => expect({ entries: [{ href: '/a', status: 301 }] }).toBeMultiStatus()).toThrow(/entry 0: .*location/);
    });
  });

  describe('when given a fetch Response', () => {
    it('throws for a 207 whose body is unread, pointing at readMultiStatus, and passes on what it reads', async () => {
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const good = await fetch(`http://127.0.0.1:${port}/good`, { method: 'POST' });
        expect(() => expect(good).toBeMultiStatus()).toThrow(
          /Matcher error: received response cannot be checked: its body has not been read: pass `await readMultiStatus\(res\)`/,
        );
        expect(await readMultiStatus(good)).toBeMultiStatus();
        const ok = await fetch(`http://127.0.0.1:${port}/ok`, { method: 'POST' });
        expect(ok).not.toBeMultiStatus();
        await ok.arrayBuffer();
      } finally {
        server.close();
      }
    });
  });

  describe('when the value cannot be checked', () => {
    it('throws for a value that is no response, even under .not', () => {
      expect(() => expect(42).not.toBeMultiStatus()).toThrow(/Matcher error: received value must be a response/);
    });
  });
});
