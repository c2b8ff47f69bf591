import { type Entry, settle } from '@multistatus/core';
import { checkUser, type Problem, type UserStore } from './users';

/** The most items one bulk request may hold. */
export const MAX_ITEMS = 1000;

/**
 * Why a bulk request cannot be answered item by item, as a status and problem object, or `undefined` when it
 * can. A wrong request as a whole is a plain 4xx, not a 207 (RFC 4918 §13: a 207 reports on several
 * resources, and here there is none to report on).
 *
 * @example
 * refuseBulkRequest({}); // { status: 400, problem: { … } }
 */
export function refuseBulkRequest(items: unknown): { status: number; problem: object } | undefined {
  if (Array.isArray(items) && items.length > 0 && items.length <= MAX_ITEMS) return undefined;
  const status = Array.isArray(items) && items.length > MAX_ITEMS ? 413 : 400;
  return {
    status,
    problem: {
      type: 'about:blank',
      title: 'Bad bulk request',
      status,
      detail: `Send a JSON array of 1 to ${MAX_ITEMS} users.`,
    },
  };
}

/**
 * Creates the users of one bulk request, one entry each, in request order: 201 with the user and its
 * location, 409 when the e-mail address is taken, 422 when the item is invalid. The framework-free part of
 * both bulk examples (Express and Koa).
 *
 * @example
 * await res.multiStatus(await bulkCreate(users, req.body));
 */
export function bulkCreate(users: UserStore, items: unknown[]): Promise<Entry[]> {
  const emailsInRequest = new Set<string>();
  return settle(
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
}
