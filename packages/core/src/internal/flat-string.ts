/**
 * The same text as one flat (sequential) string. A template literal or `+` gives V8 a rope (a tree of the
 * parts), and a rope cached and used in every response is walked again each time a document containing it is
 * flattened: the ready-made tags are flattened once, when they are made. Property keys are internalised, and
 * V8 internalises only flat strings, so the key read back is one sequential string whatever `s` was.
 */
export function flatString(s: string): string {
  return Object.keys({ [s]: 0 })[0] as string;
}
