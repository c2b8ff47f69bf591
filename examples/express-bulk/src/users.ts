/** A user of the example's in-memory store. */
export interface User {
  id: string;
  email: string;
  name: string;
}

/** An RFC 9457 problem object, as the body of a failed item. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: Array<{ pointer: string; detail: string }>;
}

/**
 * An in-memory user store with unique e-mail addresses.
 *
 * @example
 * const users = new UserStore();
 * users.create({ email: 'ada@example.com', name: 'Ada' });
 */
export class UserStore {
  readonly #byId = new Map<string, User>();
  readonly #emails = new Set<string>();
  #nextId = 1;

  /**
   * Whether a user already has this e-mail address (case-insensitive).
   *
   * @example
   * users.hasEmail('ADA@example.com'); // true after creating ada@example.com
   */
  hasEmail(email: string): boolean {
    return this.#emails.has(email.toLowerCase());
  }

  /**
   * Adds a user; the caller has checked the address is free.
   *
   * @example
   * const { id } = users.create({ email: 'ada@example.com', name: 'Ada' });
   */
  create(input: { email: string; name: string }): User {
    const user: User = { id: String(this.#nextId++), email: input.email, name: input.name };
    this.#byId.set(user.id, user);
    this.#emails.add(user.email.toLowerCase());
    return user;
  }

  /**
   * A user by id.
   *
   * @example
   * users.get('1');
   */
  get(id: string): User | undefined {
    return this.#byId.get(id);
  }
}

/**
 * Checks one item of a bulk request; returns the problems found (JSON pointers into the item).
 *
 * @example
 * checkUser({ email: 'nope' }); // [{ pointer: '/email', ... }, { pointer: '/name', ... }]
 */
export function checkUser(item: unknown): Array<{ pointer: string; detail: string }> {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return [{ pointer: '', detail: 'An item is an object with email and name.' }];
  }
  const { email, name } = item as Record<string, unknown>;
  const problems: Array<{ pointer: string; detail: string }> = [];
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) {
    problems.push({ pointer: '/email', detail: 'email must be an e-mail address.' });
  }
  if (typeof name !== 'string' || name.trim() === '') {
    problems.push({ pointer: '/name', detail: 'name must be a non-empty string.' });
  }
  return problems;
}
