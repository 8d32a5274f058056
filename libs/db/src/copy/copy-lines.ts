// COPY text-format lines kept as bytes, back to back in one buffer. A batch of thousands of lines
// held as strings costs the garbage collector more than making them does, has to be cloned string
// by string to leave a worker thread, and joined again before it is sent; one buffer is moved
// between threads without a copy and sent to Postgres as it is.

/** Line i is bytes [ends[i - 1] (0 for the first), ends[i]) of `bytes`. */
export interface CopyLines {
  bytes: Uint8Array;
  ends: Int32Array;
}

/** Appends lines to a buffer that grows as needed. */
export class CopyLinesWriter {
  private bytes: Buffer;
  private ends: Int32Array;
  private size = 0;
  private count = 0;

  constructor(expectedLines = 1_024, expectedLineBytes = 128) {
    this.bytes = Buffer.from(new ArrayBuffer(expectedLines * expectedLineBytes));
    this.ends = new Int32Array(expectedLines);
  }

  get length(): number {
    return this.count;
  }

  push(line: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    this.reserve(line.length * 3);
    this.size += this.bytes.write(line, this.size, 'utf8');
    this.end();
  }

  /** Appends a line copied from other lines, after an optional text prefix. */
  pushFrom(lines: CopyLines, index: number, prefix = ''): void {
    const start = index === 0 ? 0 : lines.ends[index - 1]!;
    const end = lines.ends[index]!;
    this.reserve(prefix.length * 3 + end - start);
    if (prefix) this.size += this.bytes.write(prefix, this.size, 'utf8');
    this.bytes.set(lines.bytes.subarray(start, end), this.size);
    this.size += end - start;
    this.end();
  }

  /** The lines written, in a buffer of their own (it may be moved to another thread). */
  finish(): CopyLines {
    const bytes = new Uint8Array(new ArrayBuffer(this.size));
    bytes.set(this.bytes.subarray(0, this.size));
    return { bytes, ends: this.ends.slice(0, this.count) };
  }

  private end(): void {
    if (this.count === this.ends.length) {
      const ends = new Int32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    this.ends[this.count++] = this.size;
  }

  private reserve(bytes: number): void {
    if (this.size + bytes <= this.bytes.length) return;
    const grown = Buffer.from(new ArrayBuffer(Math.max(this.bytes.length * 2, this.size + bytes)));
    grown.set(this.bytes.subarray(0, this.size));
    this.bytes = grown;
  }
}

export function lineCount(lines: CopyLines): number {
  return lines.ends.length;
}

/** Line i as text (tests and error messages; the write path sends bytes). */
export function lineText(lines: CopyLines, index: number): string {
  const start = index === 0 ? 0 : lines.ends[index - 1]!;
  return Buffer.from(lines.bytes.buffer, lines.bytes.byteOffset + start, lines.ends[index]! - start).toString('utf8');
}

/** The lines at `indexes`, in that order, each after `prefix(position)` when given. */
export function pickLines(
  lines: CopyLines,
  indexes: readonly number[],
  prefix?: (position: number) => string,
): CopyLines {
  const writer = new CopyLinesWriter(Math.max(indexes.length, 1), 1);
  for (const [position, index] of indexes.entries()) writer.pushFrom(lines, index, prefix?.(position));
  return writer.finish();
}

/** The bytes of all lines in pieces of about `chunkBytes`, cut at line ends, for a COPY stream. */
export function* copyChunks(lines: CopyLines, chunkBytes = 256 * 1024): Generator<Buffer> {
  const { bytes, ends } = lines;
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!;
    if (end - start >= chunkBytes || i === ends.length - 1) {
      yield Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start);
      start = end;
    }
  }
}
