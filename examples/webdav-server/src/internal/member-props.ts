import type { DeadProps } from '../store';

/**
 * No dead properties: one frozen object shared by every resource that has none.
 *
 * @example
 * const props = member.props ?? NO_PROPS;
 */
export const NO_PROPS: DeadProps = Object.freeze({}) as DeadProps;

/**
 * The dead properties of the member `name`, from its collection's properties file (name to properties). Own
 * properties only: a file named `constructor` or `__proto__` gets none from Object.prototype.
 *
 * @example
 * memberProps({ 'a.txt': { '{urn:x}color': 'red' } }, 'a.txt'); // { '{urn:x}color': 'red' }
 */
export function memberProps(file: Record<string, DeadProps>, name: string): DeadProps {
  return Object.hasOwn(file, name) ? (file[name] as DeadProps) : NO_PROPS;
}

/**
 * Whether a properties file names any member at all. A listing asks once per batch: most collections have no
 * dead properties, and looking each member's name up (a name sliced for this batch, so V8 hashes it and
 * searches its string table every time) is then work for nothing.
 *
 * @example
 * namesAnyMember({}); // false
 */
export function namesAnyMember(file: Record<string, DeadProps>): boolean {
  for (const name in file) if (Object.hasOwn(file, name)) return true;
  return false;
}
