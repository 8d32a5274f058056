// Decoding a CloudEvents attribute from an HTTP header value, as the HTTP protocol binding 1.0
// (§3.1.3.2) requires: first undo double-quoted strings (RFC 7230 §3.2.6, backslash escapes
// included), then one round of percent-decoding, where the decoded bytes must be valid UTF-8
// (overlong forms such as %C0%A0 are refused). Unneeded percent-encoding is accepted.

export type HeaderValueResult = { ok: true; value: string } | { ok: false; problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const HEX_PAIR = /^[0-9a-fA-F]{2}$/;

export function decodeCloudEventHeaderValue(raw: string): HeaderValueResult {
  if (!PRINTABLE_ASCII.test(raw)) {
    return {
      ok: false,
      problem: 'expected printable US-ASCII; percent-encode other characters as UTF-8 (e.g. %E2%82%AC)',
    };
  }
  const unquoted = unquote(raw.trim());
  if (unquoted === null) return { ok: false, problem: 'a double-quoted string is not closed' };
  if (!unquoted.includes('%')) return { ok: true, value: unquoted };
  const bytes: number[] = [];
  for (let i = 0; i < unquoted.length; i++) {
    const code = unquoted.charCodeAt(i);
    if (code !== 0x25) {
      bytes.push(code);
      continue;
    }
    const pair = unquoted.slice(i + 1, i + 3);
    if (!HEX_PAIR.test(pair)) {
      return { ok: false, problem: `invalid percent-encoding at character ${i + 1}; a literal "%" is sent as %25` };
    }
    bytes.push(Number.parseInt(pair, 16));
    i += 2;
  }
  try {
    return { ok: true, value: utf8.decode(Uint8Array.from(bytes)) };
  } catch {
    return { ok: false, problem: 'the percent-encoded bytes are not valid UTF-8' };
  }
}

/** The value with its double-quoted parts unquoted, or null when a quote is left open. */
function unquote(value: string): string | null {
  if (!value.includes('"')) return value;
  let out = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    if (char === '"') quoted = !quoted;
    else if (quoted && char === '\\' && i + 1 < value.length) out += value[++i];
    else out += char;
  }
  return quoted ? null : out;
}
