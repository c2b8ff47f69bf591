const CR = 0x0d;
const LF = 0x0a;
const SEMICOLON = 0x3b;

enum Chunk {
  Size,
  Extension,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  Done,
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Gathers the body bytes of one response up to a limit. When the response is sent with
 * `Transfer-Encoding: chunked` (an app that sets the header itself), the chunk framing Node wrote is taken
 * off again (RFC 9112 §7.1), so the limit and the body are about content bytes either way.
 */
export class BodyCollector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private state = Chunk.Size;
  private remaining = 0;

  constructor(
    private readonly limit: number,
    private readonly chunked: boolean,
  ) {}

  /** Adds written bytes; false once the body is larger than the limit. */
  add(data: Buffer): boolean {
    if (!this.chunked) return this.keep(data);
    let i = 0;
    while (i < data.length) {
      const code = data[i]!;
      switch (this.state) {
        case Chunk.Size: {
          const digit = hexValue(code);
          if (digit >= 0) this.remaining = this.remaining * 16 + digit;
          else if (code === CR) this.state = Chunk.SizeLf;
          else if (code === SEMICOLON) this.state = Chunk.Extension;
          i++;
          break;
        }
        case Chunk.Extension:
          if (code === CR) this.state = Chunk.SizeLf;
          i++;
          break;
        case Chunk.SizeLf:
          this.state = this.remaining === 0 ? Chunk.Done : Chunk.Data;
          i++;
          break;
        case Chunk.Data: {
          const take = Math.min(this.remaining, data.length - i);
          if (!this.keep(data.subarray(i, i + take))) return false;
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.state = Chunk.DataCr;
          break;
        }
        case Chunk.DataCr:
          this.state = code === CR ? Chunk.DataLf : Chunk.Size;
          if (code === CR) i++;
          break;
        case Chunk.DataLf:
          this.state = Chunk.Size;
          if (code === LF) i++;
          break;
        case Chunk.Done:
          // The last chunk and the trailer section: nothing more of the body.
          return true;
      }
    }
    return true;
  }

  /** The body gathered so far. */
  body(): Buffer {
    if (this.chunks.length === 1) return this.chunks[0]!;
    return this.chunks.length === 0 ? Buffer.alloc(0) : Buffer.concat(this.chunks, this.size);
  }

  private keep(data: Buffer): boolean {
    if (data.length === 0) return true;
    this.size += data.length;
    if (this.size > this.limit) return false;
    this.chunks.push(data);
    return true;
  }
}
