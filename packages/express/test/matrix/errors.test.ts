import type { Entry } from '@multistatus/core';
import { ErrorCodes, MultiStatusError } from '@multistatus/core';
import { fetchText } from '../support/fetch-text';
import type { MatrixApp, RouteContext } from '../support/matrix';
import { describeMatrix, handledBody } from '../support/matrix';

/** Asserts the app's own error handler answered, and that nothing of a 207 was written before it. */
async function expectHandled(app: MatrixApp, code: string, status = 500): Promise<MultiStatusError> {
  const res = await fetchText(app.listener, { headers: { Prefer: 'return=minimal' } });
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(JSON.parse(res.text)).toEqual(handledBody({ code }));
  expect(res.headers.vary).toBeUndefined();
  expect(res.headers['preference-applied']).toBeUndefined();
  expect(app.errors).toHaveLength(1);
  const [err] = app.errors;
  expect(err).toBeInstanceOf(MultiStatusError);
  expect((err as MultiStatusError).code).toBe(code);
  return err as MultiStatusError;
}

describeMatrix('multiStatus(entries) errors', (framework) => {
  const respondWith = (entries: unknown, options?: object) => (route: RouteContext) =>
    route.multiStatus(entries as Entry[], options);

  describe('when an entry is 1xx', () => {
    it('reaches the app’s error handler with nothing written, and names the value and the rule', async () => {
      const app = framework.createApp({
        handle: respondWith([
          { href: '/a', status: 200 },
          { href: '/b', status: 102 },
        ]),
      });
      const err = await expectHandled(app, ErrorCodes.INFORMATIONAL_STATUS);
      expect(err.message).toContain('102');
      expect(err.message).toContain('RFC 4918 §13');
      expect(err.href).toBe('/b');
    });
  });

  describe('when a redirect entry has no location', () => {
    it('reaches the app’s error handler with nothing written', async () => {
      const app = framework.createApp({ handle: respondWith([{ href: '/a', status: 302 }]) });
      await expectHandled(app, ErrorCodes.REDIRECT_WITHOUT_LOCATION);
    });
  });

  describe('when an entry has no href', () => {
    it('reaches the app’s error handler with nothing written', async () => {
      const app = framework.createApp({ handle: respondWith([{ status: 200 }]) });
      await expectHandled(app, ErrorCodes.MISSING_HREF);
    });
  });

  describe('when the invalid entry is the last of a long array', () => {
    it('still rejects before writing: an array is checked whole before the headers go out', async () => {
      const entries: unknown[] = Array.from({ length: 5000 }, (_, i) => ({ href: `/item/${i}`, status: 200 }));
      entries.push({ href: '/last', status: 101 });
      const app = framework.createApp({ handle: respondWith(entries) });
      await expectHandled(app, ErrorCodes.INFORMATIONAL_STATUS);
    });
  });

  describe('when a produced entry is invalid before the commit point', () => {
    it('stops the producer and reaches the app’s error handler with nothing written', async () => {
      let finished = false;
      async function* produce() {
        try {
          yield { href: '/a', status: 200 };
          yield { href: '/b', status: 199 };
          yield { href: '/c', status: 200 };
        } finally {
          finished = true;
        }
      }
      const app = framework.createApp({ handle: respondWith(produce()) });
      await expectHandled(app, ErrorCodes.INFORMATIONAL_STATUS);
      expect(finished).toBe(true);
    });
  });

  describe('when invalidChars is throw for a call', () => {
    it('reaches the app’s error handler on the first such character', async () => {
      const app = framework.createApp({
        options: { invalidChars: 'replace' },
        handle: respondWith([{ href: '/a', status: 200, description: 'nul\u0000' }], { invalidChars: 'throw' }),
      });
      await expectHandled(app, ErrorCodes.INVALID_CHAR);
    });
  });

  describe('when a call passes a bad option', () => {
    it('reaches the app’s error handler, naming the option', async () => {
      const app = framework.createApp({ handle: respondWith([{ href: '/a', status: 200 }], { format: 'yaml' }) });
      const err = await expectHandled(app, ErrorCodes.INVALID_OPTION);
      expect(err.message).toContain('yaml');
    });
  });
});
