/** A live status line on a terminal; plain periodic lines when output is piped (CI logs). */
export class ProgressLine {
  private lastPlain = 0;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(text: string): void {
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${text}`);
    } else if (Date.now() - this.lastPlain > 2_000) {
      this.lastPlain = Date.now();
      this.stream.write(`${text}\n`);
    }
  }

  done(text: string): void {
    this.stream.write(this.stream.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
  }
}

/** `[#####-----] 52%` */
export function bar(fraction: number, width = 24): string {
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(fraction * 100)}%`;
}
