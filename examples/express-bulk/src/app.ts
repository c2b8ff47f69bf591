import { settle } from '@multistatus/core';
import { multiStatus } from '@multistatus/express';
import type { Express, NextFunction, Request, Response } from 'express';
import express from 'express';
import type { Problem } from './users';
import { checkUser, UserStore } from './users';

/** The most items one bulk request may hold. */
export const MAX_ITEMS = 1000;

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
    const items: unknown = req.body;
    // The request as a whole is wrong: that is a plain 4xx, not a 207 (RFC 4918 §13: a 207 reports on
    // several resources, and here there is none to report on).
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ITEMS) {
      res.status(Array.isArray(items) && items.length > MAX_ITEMS ? 413 : 400).json({
        type: 'about:blank',
        title: 'Bad bulk request',
        detail: `Send a JSON array of 1 to ${MAX_ITEMS} users.`,
      });
      return;
    }
    const emailsInRequest = new Set<string>();
    const entries = await settle(
      items,
      (item) => {
        const errors = checkUser(item);
        if (errors.length > 0) {
          const body: Problem = {
            type: 'https://example.com/problems/invalid-user',
            title: 'Invalid user',
            status: 422,
            detail: errors.map((e) => e.detail).join(' '),
            errors,
          };
          return { status: 422, body };
        }
        const { email, name } = item as { email: string; name: string };
        const key = email.toLowerCase();
        // Checked and recorded before the first await, so concurrent workers cannot both take one address.
        if (users.hasEmail(key) || emailsInRequest.has(key)) {
          const body: Problem = {
            type: 'https://example.com/problems/email-taken',
            title: 'E-mail address taken',
            status: 409,
            detail: `A user with e-mail address ${email} already exists.`,
          };
          return { status: 409, body };
        }
        emailsInRequest.add(key);
        const user = users.create({ email, name });
        // RFC 4918 §14.9: <D:location> may accompany a 201 to say where the new resource is.
        return { href: `/users/${user.id}`, status: 201, location: `/users/${user.id}`, body: user };
      },
      // Failed items have no resource of their own: they are named by their position in the request.
      { href: (_item, index) => `/users/bulk#${index}` },
    );
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
