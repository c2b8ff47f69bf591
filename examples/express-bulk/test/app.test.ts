import request from 'supertest';
import { createApp } from '../src/app';
import { describeBulkApp } from './support/bulk-suite';

describeBulkApp(
  'examples/express-bulk',
  (options) => createApp(options),
  () => {
    it('answers 400 with a problem, and no stack trace, to malformed JSON', async () => {
      const res = await request(createApp()).post('/users/bulk').type('application/json').send('[{"email":');
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.body).toMatchObject({ type: 'about:blank', status: 400 });
      expect(res.text).not.toContain(' at ');
    });
  },
);
