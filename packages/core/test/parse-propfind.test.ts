import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { ErrorCodes, MultiStatusParseError, type PropfindRequest, parsePropfind } from '@multistatus/core';

function request(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', 'requests', name), 'utf8');
}

async function parseError(body: string): Promise<MultiStatusParseError> {
  try {
    await parsePropfind(body);
  } catch (err) {
    if (err instanceof MultiStatusParseError) return err;
    throw err;
  }
  throw new Error('expected a MultiStatusParseError');
}

describe('parsePropfind(body)', () => {
  describe('when the body is empty (RFC 4918 §9.1)', () => {
    it.each([
      ['an empty string', ''],
      ['whitespace', ' \r\n\t '],
    ])('treats %s as allprop', async (_what, body) => {
      await expect(parsePropfind(body)).resolves.toEqual({ type: 'allprop', include: [] });
    });

    it('treats an empty Buffer and an empty stream as allprop', async () => {
      await expect(parsePropfind(Buffer.alloc(0))).resolves.toEqual({ type: 'allprop', include: [] });
      await expect(parsePropfind(Readable.from([]))).resolves.toEqual({ type: 'allprop', include: [] });
    });
  });

  describe('RFC 4918 examples', () => {
    it('§9.1.3: reads the named properties as Clark names, in order', async () => {
      await expect(parsePropfind(request('rfc4918-9.1.3-propfind-prop.xml'))).resolves.toEqual({
        type: 'prop',
        props: [
          '{http://ns.example.com/boxschema/}bigbox',
          '{http://ns.example.com/boxschema/}author',
          '{http://ns.example.com/boxschema/}DingALing',
          '{http://ns.example.com/boxschema/}Random',
        ],
      });
    });

    it('§9.1.4: reads propname under a default namespace', async () => {
      await expect(parsePropfind(request('rfc4918-9.1.4-propfind-propname.xml'))).resolves.toEqual({
        type: 'propname',
      });
    });

    it('§9.1.5: reads allprop', async () => {
      await expect(parsePropfind(request('rfc4918-9.1.5-propfind-allprop.xml'))).resolves.toEqual({
        type: 'allprop',
        include: [],
      });
    });

    it('§9.1.6: reads allprop with include', async () => {
      await expect(parsePropfind(request('rfc4918-9.1.6-propfind-allprop-include.xml'))).resolves.toEqual({
        type: 'allprop',
        include: ['{DAV:}supported-live-property-set', '{DAV:}supported-report-set'],
      });
    });
  });

  describe('property names', () => {
    it('names properties in no namespace with {}, ignores their content, and lists each name once', async () => {
      await expect(
        parsePropfind(
          '<D:propfind xmlns:D="DAV:"><D:prop><plain xmlns=""/><D:getetag>ignored<D:x/></D:getetag><D:getetag/></D:prop></D:propfind>',
        ),
      ).resolves.toEqual({ type: 'prop', props: ['{}plain', '{DAV:}getetag'] });
    });

    it('ignores unknown extension elements (RFC 4918 §17)', async () => {
      await expect(
        parsePropfind(
          '<D:propfind xmlns:D="DAV:" xmlns:X="urn:x"><X:hint><D:propname/></X:hint><D:allprop/></D:propfind>',
        ),
      ).resolves.toEqual({ type: 'allprop', include: [] });
    });

    it('stops at maxEntries names with PARSE_LIMIT', async () => {
      const body = `<D:propfind xmlns:D="DAV:"><D:prop>${'<D:a/><D:b/><D:c/>'}</D:prop></D:propfind>`;
      await expect(parsePropfind(body, { maxEntries: 2 })).rejects.toMatchObject({ code: ErrorCodes.PARSE_LIMIT });
    });
  });

  describe('when the body is bad, it is a 400 error and never allprop', () => {
    it.each([
      ['not XML', 'allprop', ErrorCodes.PARSE_MALFORMED],
      ['truncated', '<D:propfind xmlns:D="DAV:"><D:allprop/>', ErrorCodes.PARSE_MALFORMED],
      ['a comment only', '<!-- allprop -->', ErrorCodes.PARSE_MALFORMED],
      ['a wrong root', '<D:propertyupdate xmlns:D="DAV:"/>', ErrorCodes.PARSE_WRONG_ROOT],
      ['propfind outside DAV:', '<propfind><allprop/></propfind>', ErrorCodes.PARSE_WRONG_ROOT],
      ['an empty propfind', '<D:propfind xmlns:D="DAV:"/>', ErrorCodes.PARSE_INVALID],
      [
        'two request kinds',
        '<D:propfind xmlns:D="DAV:"><D:allprop/><D:propname/></D:propfind>',
        ErrorCodes.PARSE_INVALID,
      ],
      [
        'include without allprop',
        '<D:propfind xmlns:D="DAV:"><D:propname/><D:include/></D:propfind>',
        ErrorCodes.PARSE_INVALID,
      ],
      [
        'a DOCTYPE',
        '<!DOCTYPE D:propfind [<!ENTITY x "y">]><D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>',
        ErrorCodes.PARSE_DOCTYPE,
      ],
    ])('rejects %s', async (_what, body, code) => {
      const err = await parseError(body);
      expect(err).toMatchObject({ name: 'MultiStatusParseError', code, status: 400, expose: true });
      expect(err.line).toBeGreaterThanOrEqual(1);
    });

    it('says what a propfind must hold', async () => {
      const err = await parseError('<D:propfind xmlns:D="DAV:"/>');
      expect(err.message).toContain('exactly one of <D:propname>, <D:allprop> or <D:prop>');
    });

    it('stops at the request-body default of 1 MiB', async () => {
      const body = `<D:propfind xmlns:D="DAV:"><D:allprop/>${' '.repeat(1024 * 1024)}</D:propfind>`;
      await expect(parsePropfind(body)).rejects.toMatchObject({ code: ErrorCodes.PARSE_LIMIT });
    });
  });

  describe('when the body is a real HTTP request stream', () => {
    // A server that answers with what parsePropfind made of the request, or the error's status and code.
    async function propfind(body: string, chunks = 1): Promise<{ status: number; json: unknown }> {
      const server = createServer((req, res) => {
        parsePropfind(req).then(
          (result: PropfindRequest) =>
            res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result)),
          (err: MultiStatusParseError) => res.writeHead(err.status).end(JSON.stringify({ code: err.code })),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = server.address() as AddressInfo;
        return await new Promise((resolve, reject) => {
          const req = httpRequest({ port, host: '127.0.0.1', method: 'PROPFIND', path: '/x' }, (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => {
              text += d;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
          });
          req.on('error', reject);
          const bytes = Buffer.from(body);
          const step = Math.ceil(bytes.length / chunks) || 1;
          for (let i = 0; i < bytes.length; i += step) req.write(bytes.subarray(i, i + step));
          req.end();
        });
      } finally {
        server.close();
      }
    }

    it('reads a body sent in several TCP writes, split inside a multi-byte name', async () => {
      const body = '<D:propfind xmlns:D="DAV:"><D:prop><É:größe xmlns:É="urn:é"/></D:prop></D:propfind>';
      expect(await propfind(body, 7)).toEqual({ status: 200, json: { type: 'prop', props: ['{urn:é}größe'] } });
    });

    it('treats a request without a body as allprop', async () => {
      expect(await propfind('')).toEqual({ status: 200, json: { type: 'allprop', include: [] } });
    });

    it('gives a status of 400 for a malformed body', async () => {
      expect(await propfind('<D:propfind xmlns:D="DAV:"><D:prop>')).toEqual({
        status: 400,
        json: { code: ErrorCodes.PARSE_MALFORMED },
      });
    });
  });
});
