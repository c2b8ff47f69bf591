import { ErrorCodes, MultiStatusError } from '../errors';

/** JSON text of an entry's `body`; a body JSON cannot carry is an error, never silently dropped. */
export function stringifyBody(body: unknown, href: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(body);
  } catch (err) {
    throw new MultiStatusError(
      ErrorCodes.BODY_NOT_SERIALIZABLE,
      `The body of entry ${JSON.stringify(href)} cannot be written as JSON: ${(err as Error).message}.`,
      { href, cause: err },
    );
  }
  if (json === undefined) {
    throw new MultiStatusError(
      ErrorCodes.BODY_NOT_SERIALIZABLE,
      `The body of entry ${JSON.stringify(href)} cannot be written as JSON (it is a ${typeof body}).`,
      { href },
    );
  }
  return json;
}
