// The message kept on `other` records (warnings, errors, anything unrecognised). vLLM and its
// libraries can print request content in them (`Request X details: prompt: …`, `Generated response
// X: output: …`, pydantic's `input_value=…`), so everything from the first such field on is cut,
// long quoted strings are blanked, and the rest is capped.

const SENSITIVE_FIELD = new RegExp(
  String.raw`['"]?\b(?:prompts?|prompt[ _]?token[ _]?ids|prompt[ _]?embeds|inputs?|input[ _]?value|input[ _]?ids|` +
    'outputs?|output[ _]?token[ _]?ids|text|generated[ _]?text|token[ _]?ids|messages?|content|contents|' +
    'sampling[ _]?params|params(?:[ _]list)?|choices|delta|completion|instructions|query|documents?|' +
    String.raw`body|payload)\b['"]?\s*[:=]`,
  'i',
);

const LONG_QUOTED = /'[^']{32,}'?|"[^"]{32,}"?/g;
const MAX_MESSAGE_LENGTH = 300;

export const REDACTED = '[redacted]';

export function redactMessage(message: string): string {
  // Cutting first only removes text, so it cannot expose anything the redaction below would hide.
  let text = message.slice(0, MAX_MESSAGE_LENGTH * 4).replace(/[\x00-\x08\x0a-\x1f\x7f]/g, ' ');
  const sensitive = SENSITIVE_FIELD.exec(text);
  if (sensitive) text = `${text.slice(0, sensitive.index)}${REDACTED}`;
  text = text.replace(LONG_QUOTED, REDACTED);
  if (text.length > MAX_MESSAGE_LENGTH) text = `${text.slice(0, MAX_MESSAGE_LENGTH)}…`;
  return text.trim();
}
