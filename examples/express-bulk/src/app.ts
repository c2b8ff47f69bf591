import { multiStatus } from '@multistatus/express';
import type { Express, NextFunction, Request, Response } from 'express';
import express from 'express';
import { bulkCreate, refuseBulkRequest } from './bulk-create';
import { UserStore } from './users';

export { MAX_ITEMS } from './bulk-create';

/**
 * The bulk create app: `POST /users/bulk` with a JSON array of `{ email, name }` answers one 207 where each
 * item is 201 (created, with its body and location), 409 (the e-mail address is taken) or 422 (invalid).
 *
 * @example
 * createApp().listen(3000);
 */
export function createApp(options: { users?: UserStore } = {}): Express {
  const users = options.users ?? new UserStore();
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.use(multiStatus());

  app.post('/users/bulk', async (req, res) => {
    const refusal = refuseBulkRequest(req.body);
    if (refusal) {
      res.status(refusal.status).json(refusal.problem);
      return;
    }
    const entries = await bulkCreate(users, req.body as unknown[]);
    await res.multiStatus(entries);
  });

  app.get('/users/:id', (req, res) => {
    const user = users.get(req.params.id);
    if (user) res.json(user);
    else res.status(404).json({ type: 'about:blank', title: 'Not Found', status: 404 });
  });

  // express.json() rejects a malformed body with an http-errors error (status 400, expose true); anything
  // else is a 500 whose message stays on the server.
  app.use(
    (
      err: { status?: number; expose?: boolean; message?: string },
      _req: Request,
      res: Response,
      next: NextFunction,
    ) => {
      if (res.headersSent) {
        next(err);
        return;
      }
      const status = typeof err.status === 'number' && err.status >= 400 && err.status < 600 ? err.status : 500;
      const detail = err.expose && status < 500 ? err.message : undefined;
      res.status(status).type('application/problem+json').json({ type: 'about:blank', status, detail });
    },
  );

  return app;
}
