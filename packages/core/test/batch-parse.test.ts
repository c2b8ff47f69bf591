import { ErrorCodes, MultiStatusError, resolveBatchOptions } from '@multistatus/core';
import { checkItemUrl } from '../src/batch/check-item-url';
import { parseBatchRequest } from '../src/batch/parse-batch-request';
import { planBatch } from '../src/batch/plan-batch';

const options = resolveBatchOptions();

function refusal(fn: () => unknown): MultiStatusError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MultiStatusError);
    return err as MultiStatusError;
  }
  throw new Error('expected a refusal');
}

function parse(requests: unknown[], overrides = {}) {
  return parseBatchRequest({ requests }, { ...options, ...overrides });
}

describe('parseBatchRequest(body, options)', () => {
  describe('when the batch is well formed', () => {
    it('returns one item per request, in order, with upper-case methods and lower-case header names', () => {
      const items = parse([
        { id: '1', method: 'get', url: '/users/1', headers: { 'If-None-Match': '"a"' } },
        { id: '2', method: 'POST', url: '/users', body: { name: 'Ada' }, dependsOn: ['1'] },
      ]);
      expect(items.map((i) => [i.index, i.id, i.method, i.url])).toEqual([
        [0, '1', 'GET', '/users/1'],
        [1, '2', 'POST', '/users'],
      ]);
      expect(items[0]!.headers).toEqual({ 'if-none-match': '"a"' });
      expect(items[1]!.dependsOn).toEqual(['1']);
    });
    it('encodes a JSON body and labels it application/json when the item gives no Content-Type', () => {
      const [item] = parse([{ id: '1', method: 'POST', url: '/u', body: { a: [1, 'x'] } }]);
      expect(item!.body!.toString()).toBe('{"a":[1,"x"]}');
      expect(item!.headers['content-type']).toBe('application/json');
    });
    it('sends a text body as it is and a binary body decoded from base64url (OData 4.01 §19.1)', () => {
      const [text, binary] = parse([
        { id: '1', method: 'PUT', url: '/t', headers: { 'content-type': 'text/plain' }, body: 'héllo' },
        { id: '2', method: 'PUT', url: '/b', headers: { 'content-type': 'image/png' }, body: '_-8A' },
      ]);
      expect(text!.body!.toString('utf8')).toBe('héllo');
      expect([...binary!.body!]).toEqual([0xff, 0xef, 0x00]);
    });
  });

  describe('when the batch breaks a limit', () => {
    it('answers 413 for more requests than maxRequests, before looking at any item', () => {
      const err = refusal(() => parse([{}, {}, {}], { maxRequests: 2 }));
      expect(err.status).toBe(413);
      expect(err.code).toBe(ErrorCodes.BATCH_TOO_LARGE);
      expect(err.message).toBe('The batch has 3 requests; at most 2 are accepted.');
    });
  });

  describe('when the batch is malformed', () => {
    it.each([
      [null, 'A batch is a JSON object with a "requests" array'],
      [{ requests: {} }, '"requests" must be an array'],
      [{ requests: [] }, '"requests" is empty'],
      [{ requests: [], extra: 1 }, 'unknown member "extra"'],
      [{ requests: [1] }, 'requests[0] must be an object'],
      [{ requests: [{ method: 'GET', url: '/a' }] }, 'requests[0].id must be a non-empty string'],
      [{ requests: [{ id: 1, method: 'GET', url: '/a' }] }, 'requests[0].id must be a non-empty string'],
      [{ requests: [{ id: '1', method: 'GE T', url: '/a' }] }, 'requests[0].method must be an HTTP method'],
      [{ requests: [{ id: '1', method: 'CONNECT', url: '/a' }] }, 'requests[0].method "CONNECT" is not allowed'],
      [
        { requests: [{ id: '1', method: 'GET', url: '/a', atomicityGroup: 'g' }] },
        'atomicity groups are not supported',
      ],
      [{ requests: [{ id: '1', method: 'GET', url: '/a', headers: [] }] }, 'requests[0].headers must be an object'],
      [
        { requests: [{ id: '1', method: 'GET', url: '/a', headers: { a: 1 } }] },
        'requests[0].headers.a must be a string',
      ],
      [{ requests: [{ id: '1', method: 'GET', url: '/a', headers: { a: 'x\r\nb: y' } }] }, 'holds a control character'],
      [{ requests: [{ id: '1', method: 'GET', url: '/a', headers: { Host: 'evil' } }] }, 'Host cannot be set'],
      [
        { requests: [{ id: '1', method: 'GET', url: '/a', headers: { 'X-Forwarded-For': '1.2.3.4' } }] },
        'X-Forwarded-For cannot be set',
      ],
      [
        { requests: [{ id: '1', method: 'GET', url: '/a', headers: { Connection: 'upgrade' } }] },
        'Connection cannot be set',
      ],
      [
        { requests: [{ id: '1', method: 'PUT', url: '/a', headers: { 'content-type': 'text/plain' }, body: {} }] },
        'requests[0].body must be a string for Content-Type "text/plain"',
      ],
      [
        {
          requests: [
            { id: '1', method: 'PUT', url: '/a', headers: { 'content-type': 'image/png' }, body: 'not base64!' },
          ],
        },
        'must be base64',
      ],
      [
        { requests: [{ id: '1', method: 'GET', url: '/a', dependsOn: '0' }] },
        'requests[0].dependsOn must be an array of request ids',
      ],
    ])('refuses %j with 400 saying what is wrong', (body, message) => {
      const err = refusal(() => parseBatchRequest(body, options));
      expect(err.status).toBe(400);
      expect(err.expose).toBe(true);
      expect(err.message).toContain(message);
    });
  });
});

describe('checkItemUrl(url, where)', () => {
  it.each(['/users', '/users/1?select=name&top=2', '/a/b%20c', '/~x/!$&()*+,;=:'])('accepts the path %j', (url) => {
    expect(checkItemUrl(url, 'url')).toBe(url);
  });
  it.each([
    ['http://127.0.0.1:8080/', 'not a path starting with "/"'],
    ['https://example.com/a', 'not a path starting with "/"'],
    ['users/1', 'not a path starting with "/"'],
    ['//127.0.0.1:8080/a', 'starts with "//"'],
    ['/\\127.0.0.1/a', 'starts with "//" or "/\\"'],
    ['/a\\b', 'holds "\\"'],
    ['/redirect@127.0.0.1', 'holds "@"'],
    ['/a\r\nHost: evil', 'a control character or space at 2'],
    ['/a\u0000', 'a control character or space at 2'],
    ['/a b', 'a control character or space at 2'],
    ['/é', 'a non-ASCII character at 1'],
    ['/a#b', 'holds a fragment'],
    ['', 'it is empty'],
    [42, 'it is not a string'],
  ])('refuses %j (%s)', (url, why) => {
    const err = refusal(() => checkItemUrl(url, 'requests[0].url'));
    expect(err.code).toBe(ErrorCodes.BATCH_URL_REFUSED);
    expect(err.status).toBe(400);
    expect(err.message).toContain(why);
    expect(err.message).toContain('requests[0].url');
  });
});

describe('planBatch(items)', () => {
  const plan = (requests: unknown[]) => planBatch(parse(requests));
  const get = (id: string, dependsOn?: string[]) => ({
    id,
    method: 'GET',
    url: `/${id}`,
    ...(dependsOn && { dependsOn }),
  });

  it('maps dependsOn ids to the positions of earlier requests', () => {
    expect(plan([get('a'), get('b', ['a']), get('c', ['a', 'b', 'a'])])).toEqual([[], [0], [0, 1]]);
  });
  it('refuses duplicate ids, naming both positions', () => {
    expect(refusal(() => plan([get('a'), get('b'), get('a')])).message).toBe(
      'Duplicate request id "a" (requests[0] and requests[2]); ids must be unique in a batch.',
    );
  });
  it('refuses an unknown id', () => {
    expect(refusal(() => plan([get('a', ['zz'])])).message).toBe(
      'requests[0] (id "a") depends on "zz", which is not a request id in this batch.',
    );
  });
  it('refuses a dependency on a later request', () => {
    expect(refusal(() => plan([get('a', ['b']), get('b')])).message).toBe(
      'requests[0] (id "a") depends on "b", which comes later (requests[1]); dependsOn may only name earlier requests.',
    );
  });
  it('refuses a cycle and shows it', () => {
    expect(refusal(() => plan([get('a', ['c']), get('b', ['a']), get('c', ['b'])])).message).toBe(
      'dependsOn forms a cycle: "a" -> "c" -> "b" -> "a".',
    );
  });
  it('refuses a request that depends on itself', () => {
    expect(refusal(() => plan([get('a', ['a'])])).message).toBe(
      'requests[0] (id "a") depends on itself; dependsOn must not form a cycle.',
    );
  });
});
