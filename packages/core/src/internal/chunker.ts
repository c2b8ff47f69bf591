/**
 * Gathers rendered entries into chunks of at least `size` UTF-16 code units. Each chunk is flattened before
 * it leaves: V8 builds `a + b` as a rope, and a document made of a few hundred thousand small ropes costs
 * more in garbage collection than in rendering (measured: about 3× the time of the same text built in flat
 * 64 KiB pieces; see docs/benchmarks.md).
 */
export class Chunker {
  private pending = '';

  constructor(private readonly size: number) {}

  /** Adds text; returns a finished chunk when enough has gathered. */
  add(text: string): string | undefined {
    this.pending += text;
    if (this.pending.length < this.size) return undefined;
    return this.take();
  }

  /** Whatever is left, flattened ('' when nothing is). */
  take(): string {
    const chunk = this.pending;
    this.pending = '';
    // Reading a character makes V8 flatten the rope in place (String::Flatten) while it is still young.
    chunk.charCodeAt(0);
    return chunk;
  }
}
