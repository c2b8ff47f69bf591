/**
 * A file's or directory's entity tag: its inode, its size and its modification time in microseconds, so a file
 * rewritten or replaced gets a new tag. Decimal, not hex: `Number#toString(16)` of these large values cost three
 * times the rest of a member's info. The microseconds (16 digits, past V8's small integers) are written as two
 * halves of at most nine digits: V8 writes a large number with its shortest-digits algorithm and small ones
 * from a cache (callgrind: 5% of the listing thread's instructions when it built the tags). The digits are the
 * same as `String(Math.floor(mtimeMs * 1000))`.
 *
 * @example
 * entityTag(12, 3, 1700000000000.5); // '"12-3-1700000000000500"'
 */
export function entityTag(ino: number, size: number, mtimeMs: number): string {
  const us = Math.floor(mtimeMs * 1000);
  const high = Math.floor(us / 1e9);
  if (high <= 0) return `"${ino}-${size}-${us}"`;
  // 1e9 + low has ten digits, the first a 1: what follows it is low with its leading zeros.
  return `"${ino}-${size}-${high}${String(us - high * 1e9 + 1e9).slice(1)}"`;
}
