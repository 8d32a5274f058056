// SGLang's --log-requests lines (tokenizer_manager.py): `Receive: obj=GenerateReqInput(text='…', …)`
// and `Finish: obj=GenerateReqInput(…), out={'text': '…', 'meta_info': {'id': '…', 'prompt_tokens': N,
// 'completion_tokens': N, 'cached_tokens': N, 'e2e_latency': X, …}}`. Both carry the prompt and the
// output as Python reprs. We keep the counts only, read from dict keys that are whole quoted strings
// outside any other string, so text inside a prompt cannot pose as a key; the last occurrence wins
// (meta_info comes last).
import { endOfQuoted } from '../../python-repr';
import { safeId } from '../engine-line';
import type { RequestTokens } from '../engine-log-record';

export type SglangRequestLine =
  | { event: 'received' }
  | ({ event: 'finished'; requestId: string | null } & RequestTokens);

const KEYS = new Set(['id', 'prompt_tokens', 'completion_tokens', 'cached_tokens', 'e2e_latency']);

function metaFields(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== "'" && c !== '"') continue;
    const end = endOfQuoted(text, i);
    const key = text.slice(i + 1, end - 1);
    if (KEYS.has(key)) {
      const value = /^\s*:\s*('[^'\\]{0,200}'|-?[\d.eE+-]{1,32})/.exec(text.slice(end, end + 240));
      if (value) found.set(key, value[1].replace(/^'|'$/g, ''));
    }
    i = end - 1;
  }
  return found;
}

function count(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,15}$/.test(value)) return null;
  return Number(value);
}

export function parseSglangRequestLine(body: string): SglangRequestLine | null {
  const text = body.trimStart();
  if (/^Receive:\s*obj=/.test(text)) return { event: 'received' };
  if (!/^Finish:\s*obj=/.test(text)) return null;
  const out = text.indexOf('out=');
  const fields = metaFields(out < 0 ? text : text.slice(out));
  const latency = Number(fields.get('e2e_latency'));
  return {
    event: 'finished',
    requestId: safeId(fields.get('id')),
    promptTokens: count(fields.get('prompt_tokens')),
    cachedPromptTokens: count(fields.get('cached_tokens')),
    generationTokens: count(fields.get('completion_tokens')),
    durationSec: fields.has('e2e_latency') && Number.isFinite(latency) && latency >= 0 ? latency : null,
  };
}
