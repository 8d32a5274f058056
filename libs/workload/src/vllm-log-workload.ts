// Realistic vLLM server logs for the demo and tests: start-up lines, one stats line per logging
// interval following a daily load curve, request and access lines, in the formats of the vLLM
// version each deployment runs, wrapped the way its log shipper wraps them. Request lines carry
// made-up prompts on purpose: TokenMeter must never store them.
import { createSeededRandom } from './seeded-random';

export type VllmLogStyle = 'v1-engine-process' | 'v1-plain-k8s-vector';

export interface VllmLogWorkloadOptions {
  deployment: string;
  model: string;
  style: VllmLogStyle;
  start: Date;
  hours: number;
  intervalSec: number;
  /** Peak prompt and generation tokens/s; the daily curve scales them. */
  peakPromptTokensPerSec: number;
  peakGenerationTokensPerSec: number;
  /** Requests running at peak (default 24); a small fleet member idles between bursts. */
  peakRunning?: number;
  seed?: number;
}

export interface VllmLogMessage {
  /** Kafka key: the deployment (the documented way), or null when the shipper's labels say it. */
  key: string | null;
  value: string;
  /** When the line was written: the Kafka record timestamp a shipper would give it. */
  time: Date;
}

/** Share of peak load per UTC hour. */
const LOAD = [
  0.1, 0.08, 0.06, 0.05, 0.06, 0.1, 0.2, 0.4, 0.65, 0.85, 0.95, 1, 0.95, 0.9, 0.95, 1, 0.9, 0.75, 0.55, 0.4, 0.3, 0.22,
  0.16, 0.12,
];

const PROMPTS = [
  'Summarize the attached contract for ACME Corp and list every termination clause',
  'Draft a reply to the customer complaining about invoice #4471, keep it polite',
  'Classify this support ticket: my card was charged twice for order 99812',
];

export function* vllmLogWorkload(options: VllmLogWorkloadOptions): Generator<VllmLogMessage> {
  const random = createSeededRandom(options.seed ?? 11);
  const line = (time: Date, text: string): VllmLogMessage => wrap(options, time, text);
  yield line(options.start, `INFO ${stamp(options.start)} [api_server.py:1395] vLLM API server version 0.10.1`);
  yield line(
    options.start,
    `INFO ${stamp(options.start)} [core.py:74] Initializing a V1 LLM engine (v0.10.1) ` +
      `with config: model='${options.model}', ` +
      `speculative_config=None, tokenizer='${options.model}', dtype=torch.bfloat16, ` +
      `max_seq_len=32768, tensor_parallel_size=4, pipeline_parallel_size=1`,
  );
  const steps = Math.floor((options.hours * 3_600) / options.intervalSec);
  let request = 0;
  for (let step = 1; step <= steps; step++) {
    const time = new Date(options.start.getTime() + step * options.intervalSec * 1_000);
    const load = LOAD[time.getUTCHours()] * (0.85 + 0.3 * random.next());
    const prompt = round1(options.peakPromptTokensPerSec * load);
    const generation = round1(options.peakGenerationTokensPerSec * load);
    const running = Math.round((options.peakRunning ?? 24) * load);
    const waiting = load > 0.95 ? Math.round(4 * random.next()) : 0;
    const kv = round1(80 * load);
    const hit = round1(30 + 40 * random.next());
    if (step % 30 === 0) {
      const id = `chatcmpl-${options.deployment}-${request++}`;
      const secret = PROMPTS[request % PROMPTS.length];
      yield line(
        time,
        `INFO ${stamp(time)} [logger.py:43] Received request ${id}: prompt: '<|user|>${secret}<|assistant|>', ` +
          `params: SamplingParams(n=1, temperature=0.7, max_tokens=512), ` +
          `prompt_token_ids: [1, 3492, 4085, 1304, 278], lora_request: None.`,
      );
      yield line(time, `INFO:     10.0.3.17:51234 - "POST /v1/chat/completions HTTP/1.1" 200 OK`);
    }
    const stats =
      `Avg prompt throughput: ${prompt} tokens/s, Avg generation throughput: ${generation} tokens/s, ` +
      `Running: ${running} reqs, Waiting: ${waiting} reqs, ` +
      `GPU KV cache usage: ${kv}%, Prefix cache hit rate: ${hit}%`;
    yield line(
      time,
      options.style === 'v1-engine-process'
        ? `INFO ${stamp(time)} [loggers.py:123] Engine 000: ${stats}`
        : `INFO ${stamp(time)} [loggers.py:116] ${stats}`,
    );
  }
}

function wrap(options: VllmLogWorkloadOptions, time: Date, text: string): VllmLogMessage {
  if (options.style === 'v1-engine-process') {
    // vLLM ≥ 0.10 tags each line with its process; shipped raw, keyed by deployment.
    const process =
      text.includes('Engine 000') || text.includes('core.py') ? '(EngineCore_DP0 pid=412)' : '(APIServer pid=377)';
    return { key: options.deployment, value: `${process} ${text}`, time };
  }
  // Vector's kubernetes_logs source: the deployment is found from the pod's labels.
  return {
    key: null,
    value: JSON.stringify({
      message: text,
      timestamp: time.toISOString(),
      kubernetes: {
        pod_name: `${options.deployment}-7d9f8b-xkq2p`,
        pod_labels: { app: 'vllm', 'app.kubernetes.io/instance': options.deployment },
      },
    }),
    time,
  };
}

function stamp(time: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${two(time.getUTCMonth() + 1)}-${two(time.getUTCDate())} ` +
    `${two(time.getUTCHours())}:${two(time.getUTCMinutes())}:${two(time.getUTCSeconds())}`
  );
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The prompts the workload writes, so tests and the demo can prove none was stored. */
export const VLLM_WORKLOAD_PROMPTS: readonly string[] = PROMPTS;
