import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCodes, MultiStatusParseError, type ProppatchInstruction, parseProppatch } from '@multistatus/core';

function request(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', 'requests', name), 'utf8');
}

async function parseError(body: string): Promise<MultiStatusParseError> {
  try {
    await parseProppatch(body);
  } catch (err) {
    if (err instanceof MultiStatusParseError) return err;
    throw err;
  }
  throw new Error('expected a MultiStatusParseError');
}

const Z = 'http://ns.example.com/standards/z39.50/';
const L = 'http://example.com/neon/litmus/';

describe('parseProppatch(body)', () => {
  it('reads the RFC 4918 §9.2.2 example: an XML value to set, then a property to remove', async () => {
    await expect(parseProppatch(request('rfc4918-9.2.2-proppatch.xml'))).resolves.toEqual<ProppatchInstruction[]>([
      {
        op: 'set',
        name: `{${Z}}Authors`,
        value: [
          { name: `{${Z}}Author`, children: ['Jim Whitehead'] },
          { name: `{${Z}}Author`, children: ['Roy Fielding'] },
        ],
      },
      { op: 'remove', name: `{${Z}}Copyright-Owner` },
    ]);
  });

  it('keeps instructions in document order across several set and remove elements (as litmus sends them)', async () => {
    await expect(parseProppatch(request('litmus-proppatch-mixed.xml'))).resolves.toEqual<ProppatchInstruction[]>([
      { op: 'set', name: `{${L}}valnspace`, value: { name: '{bar}foo' } },
      { op: 'set', name: `{${L}}prop0`, value: 'value0' },
      { op: 'remove', name: `{${L}}prop1` },
      { op: 'set', name: `{${L}}high-unicode`, value: '\u{10000}' },
    ]);
  });

  describe('values', () => {
    async function propValue(inner: string): Promise<unknown> {
      const [first] = await parseProppatch(
        `<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><E:p xmlns:E="urn:e">${inner}</E:p></D:prop></D:set></D:propertyupdate>`,
      );
      return first?.op === 'set' ? first.value : undefined;
    }

    it('is text when the property holds only text, exactly as sent', async () => {
      expect(await propValue('  2024.10 ')).toBe('  2024.10 ');
    });

    it('is null when the property is empty', async () => {
      expect(await propValue('')).toBeNull();
    });

    it('is XML content when the property holds elements, namespaces and attributes included', async () => {
      expect(await propValue('<x:a xmlns:x="urn:x" x:b="1" c="2">t</x:a>')).toEqual({
        name: '{urn:x}a',
        attrs: { '{urn:x}b': '1', c: '2' },
        children: ['t'],
      });
    });
  });

  it('ignores the content of a property being removed (RFC 4918 §14.23)', async () => {
    await expect(
      parseProppatch(
        '<D:propertyupdate xmlns:D="DAV:"><D:remove><D:prop><D:displayname>x</D:displayname></D:prop></D:remove></D:propertyupdate>',
      ),
    ).resolves.toEqual([{ op: 'remove', name: '{DAV:}displayname' }]);
  });

  it('ignores unknown extension elements (RFC 4918 §17)', async () => {
    await expect(
      parseProppatch(
        '<D:propertyupdate xmlns:D="DAV:" xmlns:X="urn:x"><X:note>hi</X:note><D:set><X:meta/><D:prop><D:displayname>A</D:displayname></D:prop></D:set></D:propertyupdate>',
      ),
    ).resolves.toEqual([{ op: 'set', name: '{DAV:}displayname', value: 'A' }]);
  });

  it('stops at maxEntries instructions with PARSE_LIMIT', async () => {
    const body =
      '<D:propertyupdate xmlns:D="DAV:"><D:remove><D:prop><D:a/><D:b/><D:c/></D:prop></D:remove></D:propertyupdate>';
    await expect(parseProppatch(body, { maxEntries: 2 })).rejects.toMatchObject({ code: ErrorCodes.PARSE_LIMIT });
  });

  describe('when the body is bad, it is a 400 error', () => {
    it.each([
      ['empty', '', ErrorCodes.PARSE_INVALID],
      ['not XML', 'set displayname=A', ErrorCodes.PARSE_MALFORMED],
      ['truncated', '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop><D:a>x</D:a>', ErrorCodes.PARSE_MALFORMED],
      ['a wrong root', '<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>', ErrorCodes.PARSE_WRONG_ROOT],
      [
        'without instructions',
        '<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop/></D:set></D:propertyupdate>',
        ErrorCodes.PARSE_INVALID,
      ],
      [
        'a DOCTYPE',
        '<!DOCTYPE x SYSTEM "file:///etc/passwd"><D:propertyupdate xmlns:D="DAV:"/>',
        ErrorCodes.PARSE_DOCTYPE,
      ],
    ])('rejects a body that is %s', async (_what, body, code) => {
      const err = await parseError(body);
      expect(err).toMatchObject({ name: 'MultiStatusParseError', code, status: 400 });
    });
  });
});
