import {
  type Entry,
  ErrorCodes,
  el,
  MultiStatusParseError,
  parseMultiStatus,
  parseMultiStatusSync,
  renderMultiStatus,
} from '@multistatus/core';

const entries: Entry[] = [
  { href: '/a', status: 201, id: '1', body: { ok: true } },
  {
    href: '/b',
    propstat: [
      { status: 200, props: { '{DAV:}resourcetype': el('{DAV:}collection') } },
      { status: 404, props: { '{urn:x}y': null } },
    ],
  },
];

describe('parseMultiStatusSync(input)', () => {
  it('reads a string or bytes into the same document parseMultiStatus reads', async () => {
    const xml = renderMultiStatus(entries, { description: 'done' });
    expect(parseMultiStatusSync(xml)).toEqual(await parseMultiStatus(xml));
    expect(parseMultiStatusSync(Buffer.from(xml))).toEqual({ entries, description: 'done' });
  });

  it('throws the same parse errors, with line and column', () => {
    let error: unknown;
    try {
      parseMultiStatusSync('<?xml version="1.0"?>\n<D:multistatus xmlns:D="DAV:"><D:response>');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(MultiStatusParseError);
    expect((error as MultiStatusParseError).line).toBe(2);
    expect(() => parseMultiStatusSync('<!DOCTYPE x [<!ENTITY a "b">]><x/>')).toThrow(
      expect.objectContaining({ code: ErrorCodes.PARSE_DOCTYPE }),
    );
  });

  it('refuses a stream, which only the asynchronous parser can read', () => {
    expect(() => parseMultiStatusSync((async function* () {})() as never)).toThrow(
      expect.objectContaining({ code: ErrorCodes.INVALID_INPUT }),
    );
  });
});
