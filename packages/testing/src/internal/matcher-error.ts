/**
 * An assertion that cannot be evaluated (wrong arguments, a value that is no response) is thrown as an
 * error rather than failed, so that `.not` cannot turn it into a silent pass.
 */
export function matcherError(hint: string, problem: string, details?: string): Error {
  return new Error(`${hint}\n\nMatcher error: ${problem}${details === undefined ? '' : `\n\n${details}`}`);
}
