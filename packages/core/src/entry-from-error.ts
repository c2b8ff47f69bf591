import type { StatusEntry } from './types';

interface HttpErrorLike {
  status?: unknown;
  statusCode?: unknown;
  expose?: unknown;
  message?: unknown;
}

function httpStatusOf(error: HttpErrorLike): number {
  const status = error.status ?? error.statusCode;
  // Only client and server errors are taken over: a thrown error with a 2xx or 3xx "status" is still a failure.
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599 ? status : 500;
}

/**
 * Turns a thrown value into a status entry, following the http-errors convention: the error's `status` (or
 * `statusCode`) when it is 4xx/5xx, else 500; its message becomes the description only for a 4xx whose
 * `expose` is not `false`. A 5xx message is never shown to the client, whatever `expose` says.
 *
 * @example
 * entryFromError('/items/7', Object.assign(new Error('Name is required'), { status: 422 }));
 * // { href: '/items/7', status: 422, description: 'Name is required' }
 * entryFromError('/items/8', new Error('db password is hunter2')); // { href: '/items/8', status: 500 }
 */
export function entryFromError(href: string, error: unknown): StatusEntry {
  const err: HttpErrorLike = error !== null && typeof error === 'object' ? (error as HttpErrorLike) : {};
  const status = httpStatusOf(err);
  const exposed = status < 500 && err.expose !== false;
  if (exposed && typeof err.message === 'string' && err.message !== '') {
    return { href, status, description: err.message };
  }
  return { href, status };
}
