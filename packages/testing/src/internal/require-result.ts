import type { MatcherContextLike, ParsedMultiStatus } from '../types';
import { matcherError } from './matcher-error';
import { readReceived } from './read-response';

/**
 * The parsed multistatus a matcher works on, or a thrown matcher error that says why there is none (the
 * value is no response, the body is not a multistatus, or an XML body was not parsed yet).
 */
export function requireResult(context: MatcherContextLike, hint: string, received: unknown): ParsedMultiStatus {
  const read = readReceived(received);
  switch (read.kind) {
    case 'parsed':
      return read.result;
    case 'unknown':
      throw matcherError(
        hint,
        'received value must be a response (supertest or fetch-like: status, headers, text, body) or a parsed multistatus ({ entries })',
        `Received: ${context.utils.printReceived(received)}`,
      );
    default:
      throw matcherError(hint, `received response cannot be read as a multistatus: ${read.problem}`);
  }
}
