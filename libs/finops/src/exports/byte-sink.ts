// A growable UTF-8 byte buffer for writing large text output (CSV exports) without building strings:
// constant parts are copied as pre-encoded bytes, numbers are written digit by digit. take() hands out
// the buffer itself and starts a new one, so a chunk still queued on a socket is never overwritten by
// the next.
const encoder = new TextEncoder();
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const DOT = 0x2e;
const MINUS = 0x2d;
const ZERO = 0x30;

export class ByteSink {
  private bytes: Uint8Array;
  private length = 0;

  constructor(initialBytes = 1 << 16) {
    this.bytes = new Uint8Array(initialBytes);
  }

  get size(): number {
    return this.length;
  }

  /**
   * The bytes written since the last take(); the sink starts empty again in a new buffer of the same
   * size (cheaper than copying the chunk out, and the chunk is never written over).
   */
  take(): Uint8Array {
    const chunk = this.bytes.subarray(0, this.length);
    this.bytes = new Uint8Array(this.bytes.length);
    this.length = 0;
    return chunk;
  }

  writeBytes(bytes: Uint8Array): void {
    const n = bytes.length;
    this.reserve(n);
    // A few bytes are copied faster one by one than through set()'s fixed cost.
    if (n <= 16) for (let i = 0; i < n; i++) this.bytes[this.length + i] = bytes[i]!;
    else this.bytes.set(bytes, this.length);
    this.length += n;
  }

  /** Any text, UTF-8 encoded. */
  writeText(text: string): void {
    this.reserve(text.length * 3);
    this.length += encoder.encodeInto(text, this.bytes.subarray(this.length)).written;
  }

  /** An integer in units of 10^-scale as its shortest decimal (`1250n, 4` → `0.125`), as formatScaledInteger. */
  writeScaled(units: bigint | number, scale: number): void {
    if (typeof units === 'number') this.writeScaledNumber(units, scale);
    else if (units > MAX_SAFE || units < -MAX_SAFE)
      this.writeScaledDigits(units < 0n, (units < 0n ? -units : units).toString(), scale);
    else this.writeScaledNumber(Number(units), scale);
  }

  /** Bytes [start, end) of another sink (an arena of constant parts). */
  writeRange(source: ByteSink, start: number, end: number): void {
    const n = end - start;
    this.reserve(n);
    const from = source.bytes;
    const to = this.bytes;
    const at = this.length - start;
    // A few bytes are copied faster one by one than through a subarray and set().
    if (n <= 16) for (let i = start; i < end; i++) to[at + i] = from[i]!;
    else to.set(from.subarray(start, end), this.length);
    this.length += n;
  }

  /** The bytes from `start` (an earlier size) to the end, once more: a value a line holds twice. */
  repeat(start: number, end: number): void {
    this.reserve(end - start);
    this.bytes.copyWithin(this.length, start, end);
    this.length += end - start;
  }

  /** writeScaled for a safe integer. */
  private writeScaledNumber(value: number, scale: number): void {
    const magnitude = value < 0 ? -value : value;
    const unit = 10 ** scale;
    if (value < 0) this.writeByte(MINUS);
    // % is exact on integers, and the whole part is then an exact quotient.
    const fraction = magnitude % unit;
    this.writeDigits((magnitude - fraction) / unit);
    if (fraction === 0) return;
    // All `scale` digits after the dot, then the trailing zeros cut.
    this.reserve(scale + 1);
    const dot = this.length;
    this.bytes[dot] = DOT;
    this.length = dot + 1;
    this.writePadded(fraction, scale);
    while (this.bytes[this.length - 1] === ZERO) this.length--;
  }

  /** A non-negative integer. */
  writeInteger(value: bigint | number): void {
    if (typeof value === 'number') this.writeDigits(value);
    else if (value <= MAX_SAFE && value >= 0n) this.writeDigits(Number(value));
    else this.writeText(value.toString());
  }

  private writeScaledDigits(negative: boolean, magnitude: string, scale: number): void {
    const digits = magnitude.padStart(scale + 1, '0');
    const fraction = digits.slice(digits.length - scale).replace(/0+$/, '');
    this.writeText(`${negative ? '-' : ''}${digits.slice(0, digits.length - scale)}${fraction ? `.${fraction}` : ''}`);
  }

  private writeByte(byte: number): void {
    this.reserve(1);
    this.bytes[this.length++] = byte;
  }

  /** A non-negative safe integer in decimal. */
  private writeDigits(value: number): void {
    let width = 1;
    for (let bound = 10; value >= bound; bound *= 10) width++;
    this.writePadded(value, width);
  }

  /** A non-negative safe integer as exactly `width` digits, zeros first. */
  private writePadded(value: number, width: number): void {
    this.reserve(width);
    const bytes = this.bytes;
    let i = this.length + width - 1;
    let rest = value;
    // Six digits at a time in small integers: float division digit by digit was most of a figure's time.
    while (i >= this.length) {
      const six = rest % 1_000_000;
      rest = (rest - six) / 1_000_000;
      let piece = six | 0;
      for (let j = 0; j < 6 && i >= this.length; j++, i--) {
        const next = (piece / 10) | 0;
        bytes[i] = ZERO + piece - next * 10;
        piece = next;
      }
    }
    this.length += width;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}
