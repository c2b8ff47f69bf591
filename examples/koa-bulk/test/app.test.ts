import request from 'supertest';
import { describeBulkApp } from '../../express-bulk/test/support/bulk-suite';
import { createApp } from '../src/app';

describeBulkApp(
  'examples/koa-bulk',
  (options) => createApp(options).callback(),
  () => {
    it('answers 415 to a body that is not JSON', async () => {
      const res = await request(createApp().callback()).post('/users/bulk').type('text/plain').send('ada@example.com');
      expect(res.status).toBe(415);
      expect(res.text).toBe('Send the items as application/json.');
    });
  },
);
