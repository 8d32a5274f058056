// Groups physical lines into log records. A line that starts with a record head opens a record;
// any other line continues the open one (a terminal or paste wrapped it, or it is a traceback).
// When a wrap falls inside the head itself (`INFO 09-02 10:00:0` / `0 [loggers.py:123] …`), the
// pieces only make a head together, so a head-less line is also tried glued to the few before it.

import { type StrippedLine, stripLogPrefixes } from './log-prefix-stripper';
import { matchRecordHead } from './log-record-head';
import { PromptQuoteTracker } from './prompt-quote-tracker';

export interface JoinedRecord {
  /** The stripped physical lines; the first carries the head, if any. */
  lines: StrippedLine[];
}

// Bounds memory on hostile input. Lines past the cap are dropped, never turned into records of
// their own: they could be the tail of a long prompt.
const MAX_LINES_PER_RECORD = 10_000;
const MAX_CHARS_PER_RECORD = 4_000_000;
// A head (with shipper prefixes) is well under 300 characters: a split one is glued back from the
// pieces before it that add up to no more than that, however narrow the wrap (8 characters, say).
const MAX_HEAD_CHARS = 300;
const MAX_HEAD_PIECES = 64;
// Both heads end in one of these (`file.py:N]`, uvicorn's `LEVEL:`): a piece without one cannot complete a head.
const HEAD_END = /[\]:]/;

/** Splits text on `\r\n`, `\n` and lone `\r` (progress bars, old Mac pastes). */
export function splitPhysicalLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

export class WrappedLineJoiner {
  private open: JoinedRecord | null = null;
  private openChars = 0;
  /** Raw text of the last head-less lines of the open record: they may be the start of a split head. */
  private recentHeadless: string[] = [];
  private quotes: PromptQuoteTracker | null = null;

  /** Adds one physical line; returns the records it completed. */
  push(rawLine: string): JoinedRecord[] {
    const line = stripLogPrefixes(rawLine);
    if (line.text.trim() === '') return [];

    // Inside a request line's open quote, a head-shaped piece is prompt text, not a new record.
    const quoted = this.quotes?.insideQuote ?? false;
    if (!quoted) {
      if (matchRecordHead(line.text)) return this.startRecord(line);
      const glued = this.splitHead(rawLine);
      if (glued) return this.startRecord(glued.line, glued.linesToTake);
    }

    if (!this.open) {
      this.open = { lines: [line] };
      this.openChars = line.text.length;
      this.quotes = new PromptQuoteTracker();
      this.quotes.add(line.text);
    } else if (
      this.open.lines.length < MAX_LINES_PER_RECORD &&
      this.openChars + line.text.length <= MAX_CHARS_PER_RECORD
    ) {
      this.open.lines.push(line);
      this.openChars += line.text.length;
      this.quotes?.add(line.text);
    } else {
      this.recentHeadless = [];
      return [];
    }
    if (quoted) {
      // Prompt text cannot be the first half of a head either.
      this.recentHeadless = [];
      return [];
    }
    this.recentHeadless.push(rawLine);
    let chars = this.recentHeadless.reduce((sum, piece) => sum + piece.length, 0);
    while (chars > MAX_HEAD_CHARS || this.recentHeadless.length > MAX_HEAD_PIECES)
      chars -= this.recentHeadless.shift()!.length;
    return [];
  }

  /** Ends the input: returns the record still open, if any. */
  flush(): JoinedRecord[] {
    const done = this.open ? [this.open] : [];
    this.open = null;
    this.openChars = 0;
    this.recentHeadless = [];
    this.quotes = null;
    return done;
  }

  /** The head that the last few head-less lines and this one make together, if they do. */
  private splitHead(rawLine: string): { line: StrippedLine; linesToTake: number } | null {
    if (rawLine.length > MAX_HEAD_CHARS || !HEAD_END.test(rawLine)) return null;
    let prefix = '';
    for (let count = 1; count <= this.recentHeadless.length; count++) {
      const piece = this.recentHeadless[this.recentHeadless.length - count];
      prefix = piece + prefix;
      if (prefix.length + rawLine.length > MAX_HEAD_CHARS) return null;
      const glued = stripLogPrefixes(prefix + rawLine);
      if (matchRecordHead(glued.text)) return { line: glued, linesToTake: count };
    }
    return null;
  }

  /** Opens a record with `line`, first moving the last `linesToTake` lines of the open record into it. */
  private startRecord(line: StrippedLine, linesToTake = 0): JoinedRecord[] {
    if (this.open && linesToTake > 0) {
      this.open.lines.splice(this.open.lines.length - linesToTake, linesToTake);
      if (this.open.lines.length === 0) this.open = null;
    }
    const done = this.flush();
    this.open = { lines: [line] };
    this.openChars = line.text.length;
    this.quotes = new PromptQuoteTracker();
    this.quotes.add(line.text.slice(matchRecordHead(line.text)?.length ?? 0));
    return done;
  }
}
