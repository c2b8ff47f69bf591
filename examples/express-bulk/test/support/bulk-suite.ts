import type { RequestListener } from 'node:http';
import request from 'supertest';
import { UserStore } from '../../src/users';

interface JsonResponse {
  href: string;
  status: number;
  location?: string;
  body?: Record<string, unknown>;
}

function xmlText(res: request.Response): string {
  return res.body as string;
}

function asText(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      text += chunk;
    });
    res.on('end', () => done(null, text));
  });
}

/** Builds the app under test on a given store, as a request listener supertest can drive. */
export type BulkApp = (options?: { users?: UserStore }) => RequestListener;

/**
 * The behaviour both bulk examples share (Express and Koa): one suite, run by each example's test file.
 */
export function describeBulkApp(name: string, createApp: BulkApp, frameworkSpecific: () => void): void {
  describe(`${name}: POST /users/bulk`, () => {
    describe('when the items are valid, invalid and duplicated', () => {
      const users = new UserStore();
      users.create({ email: 'taken@example.com', name: 'Taken' });
      const items = [
        { email: 'ada@example.com', name: 'Ada' },
        { email: 'not-an-address', name: '' },
        { email: 'TAKEN@example.com', name: 'Someone else' },
        { email: 'ada@example.com', name: 'Ada again' },
      ];

      it('answers one 207 with 201, 422 and 409 items in request order', async () => {
        const res = await request(createApp({ users: new UserStore() }))
          .post('/users/bulk')
          .set('Accept', 'application/json')
          .send(items.slice(0, 2).concat(items[0] as (typeof items)[0]));
        expect(res.status).toBe(207);
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
        const { responses, summary } = res.body as { responses: JsonResponse[]; summary: unknown };
        expect(responses.map((r) => r.status)).toEqual([201, 422, 409]);
        expect(summary).toEqual({ total: 3, succeeded: 1, failed: 2 });
      });

      it('gives a created item its body and location', async () => {
        const app = createApp({ users });
        const res = await request(app).post('/users/bulk').set('Accept', 'application/json').send(items);
        const [created] = (res.body as { responses: JsonResponse[] }).responses;
        expect(created).toEqual({
          href: '/users/2',
          status: 201,
          location: '/users/2',
          body: { id: '2', email: 'ada@example.com', name: 'Ada' },
        });
        const fetched = await request(app).get(created?.location ?? '');
        expect(fetched.status).toBe(200);
        expect(fetched.body).toEqual({ id: '2', email: 'ada@example.com', name: 'Ada' });
      });

      it('gives an invalid item 422 and an RFC 9457 problem naming each field', async () => {
        const res = await request(createApp()).post('/users/bulk').set('Accept', 'application/json').send([items[1]]);
        const [invalid] = (res.body as { responses: JsonResponse[] }).responses;
        expect(invalid).toMatchObject({
          href: '/users/bulk#0',
          status: 422,
          body: {
            type: 'https://example.com/problems/invalid-user',
            title: 'Invalid user',
            status: 422,
            errors: [
              { pointer: '/email', detail: 'email must be an e-mail address.' },
              { pointer: '/name', detail: 'name must be a non-empty string.' },
            ],
          },
        });
      });

      it('gives 409 to an address already taken, whatever its case, and to a repeat within the request', async () => {
        const store = new UserStore();
        store.create({ email: 'taken@example.com', name: 'Taken' });
        const res = await request(createApp({ users: store }))
          .post('/users/bulk')
          .set('Accept', 'application/json')
          .send([items[2], items[0], items[3]]);
        const { responses } = res.body as { responses: JsonResponse[] };
        expect(responses.map((r) => [r.href, r.status, r.body?.type])).toEqual([
          ['/users/bulk#0', 409, 'https://example.com/problems/email-taken'],
          ['/users/2', 201, undefined],
          ['/users/bulk#2', 409, 'https://example.com/problems/email-taken'],
        ]);
      });
    });

    describe('when the client does not ask for JSON', () => {
      it('answers RFC 4918 XML with each body in the M:body extension element', async () => {
        const res = await asText(
          request(createApp())
            .post('/users/bulk')
            .send([{ email: 'ada@example.com', name: 'Ada' }, {}]),
        );
        expect(res.status).toBe(207);
        expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
        expect(xmlText(res)).toBe(
          '<?xml version="1.0" encoding="utf-8"?>\n<D:multistatus xmlns:D="DAV:">\n' +
            '<D:response><D:href>/users/1</D:href><D:status>HTTP/1.1 201 Created</D:status>' +
            '<D:location><D:href>/users/1</D:href></D:location>' +
            '<M:body xmlns:M="urn:multistatus:ext">{"id":"1","email":"ada@example.com","name":"Ada"}</M:body></D:response>\n' +
            '<D:response><D:href>/users/bulk#1</D:href><D:status>HTTP/1.1 422 Unprocessable Entity</D:status>' +
            '<M:body xmlns:M="urn:multistatus:ext">{"type":"https://example.com/problems/invalid-user","title":"Invalid user",' +
            '"status":422,"detail":"email must be an e-mail address. name must be a non-empty string.",' +
            '"errors":[{"pointer":"/email","detail":"email must be an e-mail address."},' +
            '{"pointer":"/name","detail":"name must be a non-empty string."}]}</M:body></D:response>\n' +
            '</D:multistatus>\n',
        );
      });
    });

    describe('when the request as a whole is wrong', () => {
      it('answers 400, not 207, to a body that is not an array', async () => {
        const res = await request(createApp()).post('/users/bulk').send({ email: 'ada@example.com' });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ title: 'Bad bulk request' });
      });
      it('answers 413 to more than 1000 items, creating none', async () => {
        const users = new UserStore();
        const many = Array.from({ length: 1001 }, (_, i) => ({ email: `u${i}@example.com`, name: `U${i}` }));
        const res = await request(createApp({ users })).post('/users/bulk').send(many);
        expect(res.status).toBe(413);
        expect(users.hasEmail('u0@example.com')).toBe(false);
      });
    });
    frameworkSpecific();
  });
}
