// llama.cpp server's per-request timings (server_slot::print_timings), every form it has printed:
//   2023–mid 2024 (LOG_TEE):  `print_timings: prompt eval time = 40.22 ms / 12 tokens (…)`,
//                             `print_timings:        eval time = 318.66 ms / 20 runs   (…)`
//   mid 2024 (server_log JSON, also Ollama ≤ 0.3's runner at DEBUG): `{"function":"print_timings",
//     "msg":"prompt eval time     = …","n_prompt_tokens_processed":12,"t_prompt_processing":40.2,…}` and
//     `{"msg":"generation eval time = …","n_decoded":20,"t_token_generation":318.6,…}`
//   late 2024 → 2025 (SLT_INF): `slot print_timing: id  0 | task 5 | ` then, on the next physical lines,
//     `prompt eval time = … ms / 12 tokens (…)`, `       eval time = … ms / 20 tokens (…)`, `total time = …`
//   2025+ : each of those lines behind its own `slot print_timing: id  0 | task 5 | ` head.
// `prompt eval … tokens` counts prompt tokens processed (the cached prefix excluded); `eval` counts
// generated tokens.

import { countOrNull } from '../engine-line';
import type { RequestTokens } from '../engine-log-record';

export type TimingPart = Pick<RequestTokens, 'promptTokens' | 'generationTokens' | 'durationSec'>;

const TEXT_TIMING = new RegExp(
  String.raw`^(?:print_timings:\s*)?(prompt eval|generation eval|eval)\s+time\s*=\s*([\d.]{1,20})\s*ms` +
    String.raw`\s*\/\s*(\d{1,12})\s*(?:tokens|runs)\b`,
);

export function parseTimingText(body: string): TimingPart | null {
  const m = TEXT_TIMING.exec(body.trim());
  if (!m) return null;
  const ms = Number(m[2]);
  const seconds = Number.isFinite(ms) ? ms / 1000 : null;
  const tokens = Number(m[3]);
  if (m[1] === 'prompt eval') return { promptTokens: tokens, generationTokens: null, durationSec: seconds };
  return { promptTokens: null, generationTokens: tokens, durationSec: seconds };
}

export function parseTimingJson(json: Record<string, unknown>): TimingPart | null {
  if (json.n_prompt_tokens_processed !== undefined) {
    const ms = countOrNull(json.t_prompt_processing);
    return {
      promptTokens: countOrNull(json.n_prompt_tokens_processed),
      generationTokens: null,
      durationSec: ms === null ? null : ms / 1000,
    };
  }
  if (json.n_decoded !== undefined && json.t_token_generation !== undefined && json.t_prompt_processing === undefined) {
    const ms = countOrNull(json.t_token_generation);
    return {
      promptTokens: null,
      generationTokens: countOrNull(json.n_decoded),
      durationSec: ms === null ? null : ms / 1000,
    };
  }
  return null;
}
