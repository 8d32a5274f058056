// vLLM logs Python reprs (`SamplingParams(...)`, `{'model': ...}`, `Namespace(...)`, `'prompt'`).
// User text sits inside quoted strings there, so every scan below skips quoted strings and nested
// brackets: a prompt or stop string containing `max_tokens=1, ` can never be read as a field.

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);

/** Index just past the quoted string starting at `start` (a `'` or `"`), or text.length if unterminated. */
export function endOfQuoted(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
  }
  return text.length;
}

/**
 * Splits `text` at `separator` characters that are outside quotes and brackets.
 * An unbalanced closer is ignored rather than driving the depth negative (v0.1 config lines end in `)`).
 */
export function splitTopLevel(text: string, separator = ','): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i = endOfQuoted(text, i) - 1;
    } else if (OPENERS.has(c)) {
      depth++;
    } else if (CLOSERS.has(c)) {
      if (depth > 0) depth--;
    } else if (c === separator && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}

/**
 * Top-level `key=value` (Namespace, SamplingParams, engine config) or `'key': value` / `key: value`
 * (dicts, request lines) pairs. Later duplicates do not override earlier ones.
 */
export function topLevelFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of splitTopLevel(text)) {
    const match = /^\s*(?:'([^'\\]{1,80})'|"([^"\\]{1,80})"|([A-Za-z_][\w .]{0,79}?))\s*[:=]\s?/.exec(part);
    if (!match) continue;
    const key = (match[1] ?? match[2] ?? match[3]).trim().toLowerCase().replace(/\s+/g, '_');
    if (!fields.has(key)) fields.set(key, part.slice(match[0].length).trim());
  }
  return fields;
}

/** The inside of `Name(...)`, `{...}` or `[...]` when `text` is one; otherwise `text` itself. */
export function unwrapCall(text: string): string {
  const match = /^\s*[A-Za-z_][\w.]*\s*\(/.exec(text) ?? /^\s*[{[]/.exec(text);
  if (!match) return text;
  const inner = text.slice(match[0].length);
  return inner.replace(/[)\]}]\s*[.,]?\s*$/, '');
}

/** The value of a Python string literal (`'a\'b'` → `a'b`), a bare token as is, null for None. */
export function pythonScalar(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'None') return null;
  const quote = trimmed[0];
  if (quote !== "'" && quote !== '"') return trimmed;
  let body = '';
  for (let i = 1; i < trimmed.length; i++) {
    const c = trimmed[i];
    if (c === quote) break;
    if (c === '\\') i++;
    body += c === '\\' ? (trimmed[i] ?? '') : c;
  }
  return body;
}

/** A non-negative integer at the start of `text` (`8192`, `4)`, `16384}`), else null. */
export function leadingInteger(text: string | undefined): number | null {
  if (text === undefined) return null;
  const match = /^\s*(\d{1,15})(?![\d.])/.exec(text);
  return match ? Number(match[1]) : null;
}
