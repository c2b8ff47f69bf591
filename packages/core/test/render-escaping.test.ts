// Escaping of text and attribute values, checked character by character against a plain reference: the
// serialiser finds the characters to escape by jumping from one to the next (a regex on long text, a loop on
// the last dozen characters), so values are long, and the characters to escape sit anywhere in them.

import { type Entry, ErrorCodes, el, encodeHref, MultiStatusError, renderMultiStatus } from '@multistatus/core';
import fc from 'fast-check';

// The reference: one code unit at a time, with invalidChars 'replace'.
function reference(s: string, attr: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      out += s.slice(i, i + 2);
      i++;
    } else if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '\r') out += '&#13;';
    else if (attr && ch === '"') out += '&quot;';
    else if (attr && ch === '\t') out += '&#9;';
    else if (attr && ch === '\n') out += '&#10;';
    else if ((c < 32 && c !== 9 && c !== 10) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) {
      out += '\uFFFD';
    } else out += ch;
  }
  return out;
}

const special = fc.constantFrom('&', '<', '>', '"', '\r', '\n', '\t', '\u0001', '\uD800', '\uDC00', '😀', '\uFFFF');
const plain = fc.string({ maxLength: 20 }).map((s) => s.replace(/[^a-z0-9 ./:-]/gi, 'x'));
const value = fc.array(fc.oneof(plain, special), { maxLength: 12 }).map((parts) => parts.join(''));

function propertyXml(props: Record<string, unknown>): string {
  const xml = renderMultiStatus([{ href: '/a', propstat: [{ status: 200, props } as never] }]);
  return xml.slice(xml.indexOf('<D:prop>') + 8, xml.indexOf('</D:prop>'));
}

describe('renderMultiStatus(entries) escaping values', () => {
  describe('when a text value holds characters to escape anywhere in it', () => {
    it('escapes each of them and copies the rest', () => {
      fc.assert(
        fc.property(value, (s) => {
          expect(propertyXml({ displayname: s })).toBe(
            s === '' ? '<D:displayname/>' : `<D:displayname>${reference(s, false)}</D:displayname>`,
          );
        }),
        { numRuns: 500 },
      );
    });
    it('escapes characters far apart in long text', () => {
      const s = `${'a'.repeat(40)}&${'b'.repeat(40)}<${'c'.repeat(13)}>${'d'.repeat(12)}&`;
      expect(propertyXml({ displayname: s })).toBe(
        `<D:displayname>${'a'.repeat(40)}&amp;${'b'.repeat(40)}&lt;${'c'.repeat(13)}&gt;${'d'.repeat(12)}&amp;</D:displayname>`,
      );
    });
    it('keeps a surrogate pair and escapes what follows it', () => {
      expect(propertyXml({ displayname: `${'x'.repeat(20)}😀${'y'.repeat(20)}&` })).toBe(
        `<D:displayname>${'x'.repeat(20)}😀${'y'.repeat(20)}&amp;</D:displayname>`,
      );
    });
    it('replaces a high surrogate that ends the text', () => {
      expect(propertyXml({ displayname: `${'x'.repeat(20)}\uD83D` })).toBe(
        `<D:displayname>${'x'.repeat(20)}\uFFFD</D:displayname>`,
      );
    });
  });

  describe('when an attribute value holds characters to escape anywhere in it', () => {
    it('escapes each of them, quotes and whitespace controls included', () => {
      fc.assert(
        fc.property(value, (s) => {
          expect(propertyXml({ '{urn:x}p': el('{urn:x}q', [], { a: s }) })).toBe(
            `<ns1:p xmlns:ns1="urn:x"><ns1:q a="${reference(s, true)}"/></ns1:p>`,
          );
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('when an href is written', () => {
    it('writes what encodeHref gives, with "&" escaped, whether or not it needed encoding', () => {
      const part = fc.constantFrom(
        'a',
        'Z',
        '0',
        'f',
        '%',
        '%2',
        '%20',
        '%zz',
        '#',
        '&',
        ' ',
        '/',
        '[',
        'ü',
        '😀',
        '\uD800',
      );
      const href = fc.array(part, { minLength: 1, maxLength: 16 }).map((parts) => parts.join(''));
      fc.assert(
        fc.property(href, (h) => {
          const xml = renderMultiStatus([{ href: h, status: 200 }]);
          expect(xml).toContain(`<D:href>${encodeHref(h).replace(/&/g, '&amp;')}</D:href>`);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe("when invalidChars is 'throw'", () => {
    it('names the character found after others were escaped', () => {
      const entries: Entry[] = [
        {
          href: '/a',
          propstat: [{ status: 200, props: { displayname: `${'a'.repeat(20)}&😀${'b'.repeat(20)}\u0002` } }],
        },
      ];
      let err: unknown;
      try {
        renderMultiStatus(entries, { invalidChars: 'throw' });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MultiStatusError);
      expect((err as MultiStatusError).code).toBe(ErrorCodes.INVALID_CHAR);
      expect((err as MultiStatusError).message).toContain('Invalid character U+0002 in property D:displayname.');
    });
  });
});
