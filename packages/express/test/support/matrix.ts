import type { IncomingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import type { MultiStatusOptions, MultiStatusSource } from '@multistatus/express';
import { multiStatus as expressMultiStatus } from '@multistatus/express';
import { multiStatus as koaMultiStatus } from '@multistatus/koa';
import type { NextFunction, Request, Response } from 'express';
import type Koa from 'koa';

// The older majors are installed under aliases (`express4`, `koa2`); their APIs used here match the newer
// majors' types, which are the only ones installed.
const express4 = require('express4') as typeof import('express');
const express5 = require('express') as typeof import('express');
const Koa2 = require('koa2') as typeof Koa;
const Koa3 = require('koa') as typeof Koa;

/** What a route sees, whatever the framework: request headers and the framework's own way to respond. */
export interface RouteContext {
  headers: IncomingHttpHeaders;
  /** Sets a response header the framework's way (`res.set()` / `ctx.set()`). */
  setHeader(name: string, value: string): void;
  /** `res.multiStatus()` or `ctx.multiStatus()`. */
  multiStatus(entries: MultiStatusSource, options?: MultiStatusOptions): Promise<void>;
}

/** A route definition, built into an app for each framework. */
export interface MatrixRoute {
  /** App-level options, given to `multiStatus(options)`. */
  options?: MultiStatusOptions;
  /** The route: must return the promise `multiStatus()` returned. */
  handle(route: RouteContext): Promise<void>;
  /**
   * Upstream middleware that runs on the raw Node response before the route: e.g. a hook that sets a
   * header when the headers go out, as `on-headers` users (response-time and the like) do.
   */
  upstream?(res: ServerResponse): void;
}

/** An app built from a route: its request listener and the errors its error handler received. */
export interface MatrixApp {
  listener: RequestListener;
  /** Errors the app's own error handler received (Express error middleware, Koa try/catch). */
  errors: unknown[];
  /** Errors the framework reported after the headers went out (Koa's `app.on('error')`, Express's final handler). */
  lateErrors: unknown[];
}

/** One framework major under test. */
export interface Framework {
  name: 'Express 4' | 'Express 5' | 'Koa 2' | 'Koa 3';
  kind: 'express' | 'koa';
  createApp(route: MatrixRoute): MatrixApp;
}

interface HttpishError {
  status?: unknown;
  code?: unknown;
}

/** What the apps' error handlers answer, so a test can tell the app's handler rendered the error. */
export function handledBody(err: unknown): { handledBy: 'app'; code: unknown } {
  return { handledBy: 'app', code: (err as HttpishError).code };
}

function statusFor(err: unknown): number {
  const status = (err as HttpishError).status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

function createExpressApp(express: typeof import('express'), major: 4 | 5, route: MatrixRoute): MatrixApp {
  const errors: unknown[] = [];
  const lateErrors: unknown[] = [];
  const app = express();
  app.use((_req: Request, res: Response, next: NextFunction) => {
    route.upstream?.(res);
    next();
  });
  app.use(expressMultiStatus(route.options));
  const context = (req: Request, res: Response): RouteContext => ({
    headers: req.headers,
    setHeader: (name, value) => {
      res.set(name, value);
    },
    multiStatus: (entries, options) => res.multiStatus(entries, options),
  });
  if (major === 5) {
    // Express 5 routes a rejected promise to the error handler by itself.
    app.use(async (req: Request, res: Response) => {
      await route.handle(context(req, res));
    });
  } else {
    app.use((req: Request, res: Response, next: NextFunction) => {
      route.handle(context(req, res)).catch(next);
    });
  }
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      lateErrors.push(err);
      next(err);
      return;
    }
    errors.push(err);
    res.status(statusFor(err)).json(handledBody(err));
  });
  return { listener: app, errors, lateErrors };
}

function createKoaApp(KoaClass: typeof Koa, route: MatrixRoute): MatrixApp {
  const errors: unknown[] = [];
  const lateErrors: unknown[] = [];
  const app = new KoaClass();
  app.on('error', (err: unknown) => {
    lateErrors.push(err);
  });
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      errors.push(err);
      ctx.status = statusFor(err);
      ctx.body = handledBody(err);
    }
  });
  app.use(async (ctx, next) => {
    route.upstream?.(ctx.res);
    await next();
  });
  app.use(koaMultiStatus(route.options));
  app.use(async (ctx) => {
    await route.handle({
      headers: ctx.headers,
      setHeader: (name, value) => {
        ctx.set(name, value);
      },
      multiStatus: (entries, options) => ctx.multiStatus(entries, options),
    });
  });
  return { listener: app.callback(), errors, lateErrors };
}

/** The four framework majors every behaviour is checked on. */
export const frameworks: Framework[] = [
  { name: 'Express 4', kind: 'express', createApp: (route) => createExpressApp(express4, 4, route) },
  { name: 'Express 5', kind: 'express', createApp: (route) => createExpressApp(express5, 5, route) },
  { name: 'Koa 2', kind: 'koa', createApp: (route) => createKoaApp(Koa2, route) },
  { name: 'Koa 3', kind: 'koa', createApp: (route) => createKoaApp(Koa3, route) },
];

/**
 * Runs one behavioural suite against every framework major (after h3's describeMatrix): the suite
 * builds its apps with `framework.createApp(route)`.
 */
export function describeMatrix(title: string, suite: (framework: Framework) => void): void {
  describe.each(frameworks.map((framework) => [framework.name, framework] as const))(
    `${title} on %s`,
    (_name, framework) => {
      suite(framework);
    },
  );
}
