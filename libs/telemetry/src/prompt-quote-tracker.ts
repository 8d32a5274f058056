// Knows whether a request line's quoted prompt (or generated output) is still open. vLLM prints
// them as Python reprs on one line, but a long line can still reach us in pieces (docker splits
// lines at 16 KiB, terminals wrap), and a piece of a prompt may start with text shaped like a log
// head (a user pasting logs into a chat). While the quote is open, the joiner keeps such pieces in
// the request record, so they can neither leak as a message nor pose as a stats line.

const REQUEST_LIKE = /^\s*(?:Received\s*request|Request\s*\S{1,200}?\s*details:|Generated\s*response)/;
// Enough to see `Request <id> details:` with a long id; a body that has not matched by then never will.
const DECIDE_WITHIN = 256;
// A line cut short by a shipper never closes its quote; past this many quoted characters, heads
// count again, so one truncated line cannot swallow the rest of a stream.
const MAX_QUOTED_CHARS = 1_000_000;

export class PromptQuoteTracker {
  private state: 'undecided' | 'tracking' | 'ignored' = 'undecided';
  private prefix = '';
  private quote: string | null = null;
  private escaped = false;
  private quotedChars = 0;

  /** Feeds the record's message text (after the head), in pieces as they arrive. */
  add(text: string): void {
    if (this.state === 'tracking') {
      this.scan(text);
    } else if (this.state === 'undecided') {
      this.prefix += text;
      if (REQUEST_LIKE.test(this.prefix)) {
        this.state = 'tracking';
        this.scan(this.prefix);
        this.prefix = '';
      } else if (this.prefix.length >= DECIDE_WITHIN) {
        this.state = 'ignored';
        this.prefix = '';
      }
    }
  }

  /** True while a request-like record's quoted text is open (within the cap). */
  get insideQuote(): boolean {
    return this.quote !== null && this.quotedChars < MAX_QUOTED_CHARS;
  }

  private scan(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (this.quote === null) {
        if (c === "'" || c === '"') {
          this.quote = c;
          this.quotedChars = 0;
        }
      } else if (this.escaped) {
        this.escaped = false;
        this.quotedChars++;
      } else if (c === '\\') {
        this.escaped = true;
      } else if (c === this.quote) {
        this.quote = null;
      } else {
        this.quotedChars++;
      }
    }
  }
}
