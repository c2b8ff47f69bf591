import { batch } from '@multistatus/express';
import type { Express, NextFunction, Request, Response } from 'express';
import express from 'express';
import { etagOf, NoteStore } from './notes';

/** The token the example's auth middleware accepts. */
export const DEMO_TOKEN = 'demo-token';

/**
 * Options of the example app.
 *
 * @example
 * createApp({ notes: new NoteStore(), rateLimit: 100 });
 */
export interface AppOptions {
  notes?: NoteStore;
  /** Requests per client address the rate limiter lets through (batch sub-requests count). Default 1000. */
  rateLimit?: number;
}

function problem(res: Response, status: number, title: string, detail: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

/**
 * A notes API with auth and a rate limit, and `POST /batch`: a client sends Graph-style JSON batches
 * (`{ requests: [{ id, method, url, headers?, body?, dependsOn? }] }`) and each request runs through the
 * same middleware and routes as if it had been sent alone.
 *
 * @example
 * createApp().listen(3003);
 */
export function createApp(options: AppOptions = {}): Express {
  const notes = options.notes ?? new NoteStore();
  const limit = options.rateLimit ?? 1000;
  const seen = new Map<string, number>();
  const app = express();

  // A rate limiter keyed by client address: every sub-request of a batch counts, as it would if sent alone.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const key = req.ip ?? 'unknown';
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count > limit) {
      res.set('Retry-After', '60');
      problem(res, 429, 'Too Many Requests', `At most ${limit} requests per client.`);
      return;
    }
    next();
  });

  // The batch endpoint is behind the same auth as everything else; its sub-requests get the caller's
  // Authorization header (the `credentials` option), so each one is authorised on its own too.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.headers.authorization !== `Bearer ${DEMO_TOKEN}`) {
      res.set('WWW-Authenticate', 'Bearer');
      problem(res, 401, 'Unauthorized', `Send Authorization: Bearer ${DEMO_TOKEN}.`);
      return;
    }
    next();
  });

  app.post('/batch', batch({ maxRequests: 20, concurrency: 5, itemTimeout: 5000, deadline: 15000 }));

  app.use(express.json());

  app.get('/notes', (_req, res) => {
    res.json(notes.list());
  });

  app.post('/notes', (req, res) => {
    const title: unknown = req.body?.title;
    if (typeof title !== 'string' || title.trim() === '') {
      problem(res, 422, 'Unprocessable Content', 'A note needs a non-empty "title".');
      return;
    }
    const note = notes.create({ title });
    res.status(201).location(`/notes/${note.id}`).set('ETag', etagOf(note)).json(note);
  });

  app.get('/notes/:id', (req, res) => {
    const note = notes.get(req.params.id);
    if (!note) problem(res, 404, 'Not Found', `There is no note ${req.params.id}.`);
    else res.set('ETag', etagOf(note)).json(note);
  });

  app.patch('/notes/:id', (req, res) => {
    const note = notes.get(req.params.id);
    if (!note) {
      problem(res, 404, 'Not Found', `There is no note ${req.params.id}.`);
      return;
    }
    // RFC 9110 §13.1.1: a lost-update check.
    const ifMatch = req.headers['if-match'];
    if (ifMatch !== undefined && ifMatch !== etagOf(note)) {
      problem(res, 412, 'Precondition Failed', `The note is at ${etagOf(note)}.`);
      return;
    }
    const { title, done } = req.body ?? {};
    const updated = notes.update(note.id, {
      ...(typeof title === 'string' && { title }),
      ...(typeof done === 'boolean' && { done }),
    })!;
    res.set('ETag', etagOf(updated)).json(updated);
  });

  app.delete('/notes/:id', (req, res) => {
    if (notes.delete(req.params.id)) res.status(204).end();
    else problem(res, 404, 'Not Found', `There is no note ${req.params.id}.`);
  });

  return app;
}
