import type { Entry, PropfindRequest } from '@multistatus/core';
import { parsePropfind } from '@multistatus/core';
import { multiStatus } from '@multistatus/express';
import type { Express, NextFunction, Request, Response } from 'express';
import express from 'express';
import { propfindEntry } from './properties';
import type { TreeNode } from './tree';
import { Tree } from './tree';

/**
 * Walks the tree from `node` down to `depth` (RFC 4918 §9.1: 0, 1 or infinity) and yields one entry per
 * resource, as it goes: the response is written while the walk is still running.
 */
async function* walk(tree: Tree, node: TreeNode, depth: number, request: PropfindRequest): AsyncGenerator<Entry> {
  yield propfindEntry(node, request);
  if (!node.collection || depth === 0) return;
  for (const child of tree.children(node.path)) {
    yield* walk(tree, child, depth - 1, request);
  }
}

function decodePath(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

function depthOf(header: string | undefined): number | undefined {
  // RFC 4918 §10.2: a PROPFIND without Depth is treated as Depth: infinity.
  const value = (header ?? 'infinity').trim().toLowerCase();
  if (value === '0') return 0;
  if (value === '1') return 1;
  if (value === 'infinity') return Number.POSITIVE_INFINITY;
  return undefined;
}

/**
 * The read-only PROPFIND app over an in-memory tree: `PROPFIND` (Depth 0, 1, infinity), `GET`, `OPTIONS`.
 *
 * @example
 * createApp({ tree: Tree.sample() }).listen(3003);
 */
export function createApp(options: { tree?: Tree } = {}): Express {
  const tree = options.tree ?? Tree.sample();
  const app = express();
  app.use(multiStatus());

  app.use(async (req: Request, res: Response) => {
    const path = decodePath(req.path);
    if (path === undefined) {
      res.status(400).type('text/plain').send('Malformed percent-encoding in the path.');
      return;
    }
    const node = tree.get(path) ?? tree.get(`${path}/`);
    if (req.method === 'OPTIONS') {
      // RFC 4918 §10.1: class 1 compliance is announced in the DAV header.
      res.set({ DAV: '1', Allow: 'OPTIONS, GET, HEAD, PROPFIND' }).status(200).end();
      return;
    }
    if (!node) {
      res.status(404).type('text/plain').send('Not Found');
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (node.collection)
        res
          .status(200)
          .type('text/plain')
          .send([...tree.children(node.path)].map((c) => c.path).join('\n'));
      else
        res
          .status(200)
          .type(node.contentType ?? 'application/octet-stream')
          .send(node.content ?? '');
      return;
    }
    if (req.method !== 'PROPFIND') {
      res.set('Allow', 'OPTIONS, GET, HEAD, PROPFIND').status(405).end();
      return;
    }
    const depth = depthOf(req.get('Depth'));
    if (depth === undefined) {
      res.status(400).type('text/plain').send('Depth must be 0, 1 or infinity.');
      return;
    }
    // RFC 4918 §9.1: an empty body means allprop. A malformed one rejects with a MultiStatusParseError
    // (status 400, expose true, with line and column) that Express's error handling renders.
    const request = await parsePropfind(req);
    await res.multiStatus(walk(tree, node, depth, request));
  });

  // Wire errors (a malformed body) carry status and expose (http-errors style); anything else is a 500
  // whose message stays on the server.
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
      res
        .status(status)
        .type('text/plain')
        .send(err.expose && status < 500 ? err.message : 'Internal Server Error');
    },
  );

  return app;
}
