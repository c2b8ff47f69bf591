import request from 'supertest';
import { createApp, DEMO_TOKEN } from '../src/app';
import { NoteStore } from '../src/notes';

interface JsonEntry {
  href: string;
  id: string;
  status: number;
  location?: string;
  body?: Record<string, unknown>;
  description?: string;
}

function send(app: ReturnType<typeof createApp>, requests: unknown[]) {
  return request(app)
    .post('/batch')
    .set('Authorization', `Bearer ${DEMO_TOKEN}`)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ requests }));
}

describe('examples/express-batch: POST /batch', () => {
  describe('when a client creates, changes and reads notes in one round trip', () => {
    it('answers one 207 with each request answered by the app routes, in request order', async () => {
      const app = createApp({ notes: new NoteStore() });
      const res = await send(app, [
        { id: 'create', method: 'POST', url: '/notes', body: { title: 'Write docs' } },
        { id: 'finish', method: 'PATCH', url: '/notes/1', body: { done: true }, dependsOn: ['create'] },
        { id: 'read', method: 'GET', url: '/notes/1', dependsOn: ['finish'] },
        { id: 'missing', method: 'GET', url: '/notes/99' },
      ]);
      expect(res.status).toBe(207);
      const entries = res.body.responses as JsonEntry[];
      expect(entries.map((e) => [e.id, e.href, e.status])).toEqual([
        ['create', '/notes', 201],
        ['finish', '/notes/1', 200],
        ['read', '/notes/1', 200],
        ['missing', '/notes/99', 404],
      ]);
      expect(entries[0]!.location).toBe('/notes/1');
      expect(entries[2]!.body).toEqual({ id: '1', title: 'Write docs', done: true, version: 2 });
      expect(entries[3]!.body).toMatchObject({ status: 404, detail: 'There is no note 99.' });
      expect(res.body.summary).toEqual({ total: 4, succeeded: 3, failed: 1 });
    });
  });

  describe('when a step fails', () => {
    it('answers 424 to the requests that depend on it and does not run them', async () => {
      const notes = new NoteStore();
      const app = createApp({ notes });
      const res = await send(app, [
        { id: 'create', method: 'POST', url: '/notes', body: { title: '' } },
        { id: 'finish', method: 'PATCH', url: '/notes/1', body: { done: true }, dependsOn: ['create'] },
      ]);
      expect(res.body.responses.map((e: JsonEntry) => e.status)).toEqual([422, 424]);
      expect(notes.list()).toEqual([]);
    });
  });

  describe('when an item sends a stale If-Match', () => {
    it('answers that item 412 and the others as usual', async () => {
      const notes = new NoteStore();
      notes.create({ title: 'A' });
      const res = await send(createApp({ notes }), [
        { id: '1', method: 'PATCH', url: '/notes/1', headers: { 'If-Match': '"1-0"' }, body: { done: true } },
        { id: '2', method: 'GET', url: '/notes/1' },
      ]);
      expect(res.body.responses.map((e: JsonEntry) => e.status)).toEqual([412, 200]);
      expect(notes.get('1')!.done).toBe(false);
    });
  });

  describe('the app middleware applies to every request of the batch', () => {
    it('refuses the batch without credentials', async () => {
      const res = await request(createApp())
        .post('/batch')
        .send({ requests: [{ id: '1', method: 'GET', url: '/notes' }] });
      expect(res.status).toBe(401);
    });
    it('counts every sub-request against the client rate limit', async () => {
      const app = createApp({ rateLimit: 3 });
      const requests = ['1', '2', '3', '4'].map((id) => ({ id, method: 'GET', url: '/notes' }));
      const res = await send(app, requests);
      // The batch itself is request 1; its first two items are 2 and 3; the rest are over the limit.
      expect(res.body.responses.map((e: JsonEntry) => e.status)).toEqual([200, 200, 429, 429]);
    });
  });
});
