// Request lifecycle lines. `Received request` lines carry the user's prompt (on by default up to
// about v0.10); we read the request id, the number of prompt token ids and max_tokens, and nothing
// else leaves this file. The prompt is a Python repr, so the field scan skips it as one quoted
// string: commas, quotes or `params:` inside a prompt cannot shift the fields after it.
import { leadingInteger, splitTopLevel, topLevelFields, unwrapCall } from './python-repr';

export interface RequestFields {
  kind: 'request';
  /** `received`: Received request; `added`: Added request; `details`: the DEBUG `Request X details:` line. */
  event: 'received' | 'added' | 'details';
  requestId: string | null;
  /** How many prompt token ids the line listed (vLLM truncates the list to --max-log-len), else null. */
  promptTokens: number | null;
  maxTokens: number | null;
}

export interface RequestFinishedFields {
  kind: 'request-finished';
  outcome: 'finished' | 'aborted';
  requestId: string | null;
  /** V1 aborts several at once: `Aborted request(s) a,b.` */
  requestIds: string[];
}

// Ids can be client-chosen (X-Request-Id), so only id-shaped text is kept.
const SAFE_ID = /^[A-Za-z0-9_][A-Za-z0-9_.:@+=-]{0,199}$/;

function safeRequestId(raw: string): string | null {
  const id = raw.trim().replace(/[.,:]+$/, '');
  return SAFE_ID.test(id) ? id : null;
}

/** Number of integers in a logged `[1, 15043, …]` list; null for None or a list cut short. */
function countTokenIds(value: string | undefined): number | null {
  if (value === undefined) return null;
  const open = value.indexOf('[');
  if (open < 0 || /^\s*None\b/.test(value)) return null;
  const close = value.indexOf(']', open);
  if (close < 0) return null;
  const inner = value.slice(open + 1, close).trim();
  if (inner === '') return 0;
  return inner.split(',').filter((item) => /^\s*-?\d+\s*$/.test(item)).length;
}

function maxTokensOf(params: string | undefined): number | null {
  if (params === undefined) return null;
  return leadingInteger(topLevelFields(unwrapCall(params)).get('max_tokens'));
}

function firstOf(fields: Map<string, string>, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = fields.get(key);
    if (value !== undefined) return value;
  }
  return undefined;
}

function receivedOrDetails(event: 'received' | 'details', id: string, rest: string): RequestFields {
  const fields = topLevelFields(rest);
  const listed = countTokenIds(firstOf(fields, ['prompt_token_ids', 'prompt_token_ids_list']));
  const promptTokens = listed ?? leadingInteger(firstOf(fields, ['prompt_token_ids_len', 'num_prompt_tokens']));
  const params = firstOf(fields, ['params', 'sampling_params', 'params_list']);
  return { kind: 'request', event, requestId: safeRequestId(id), promptTokens, maxTokens: maxTokensOf(params) };
}

export function parseRequestLine(body: string): RequestFields | RequestFinishedFields | null {
  const text = body.trimStart();
  let m = /^Received\s*request\s*(\S+?):(?=\s|$|')/.exec(text);
  if (m) return receivedOrDetails('received', m[1], text.slice(m[0].length));

  m = /^Request\s*(\S+?)\s*details:/.exec(text);
  if (m) return receivedOrDetails('details', m[1], text.slice(m[0].length));

  m = /^Added\s*request\s*(\S+)/.exec(text);
  if (m)
    return { kind: 'request', event: 'added', requestId: safeRequestId(m[1]), promptTokens: null, maxTokens: null };

  m = /^Finished\s*request\s*(\S+)/.exec(text);
  if (m) {
    const id = safeRequestId(m[1]);
    return { kind: 'request-finished', outcome: 'finished', requestId: id, requestIds: id ? [id] : [] };
  }

  m = /^Aborted\s*request(?:\(s\)|s)?\s*([\s\S]*)$/.exec(text);
  if (m) {
    const ids = splitTopLevel(m[1].trim().replace(/\.$/, ''))
      .map(safeRequestId)
      .filter((id): id is string => id !== null);
    return { kind: 'request-finished', outcome: 'aborted', requestId: ids[0] ?? null, requestIds: ids };
  }
  return null;
}
