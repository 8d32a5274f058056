// The serving engines TokenMeter reads telemetry from. One list, so the CLI, the deployment spec and
// the parsers cannot disagree about which engines exist.
export const SERVING_ENGINES = ['vllm', 'tgi', 'trtllm', 'sglang', 'llamacpp', 'ollama'] as const;

export type ServingEngine = (typeof SERVING_ENGINES)[number];

export function isServingEngine(value: unknown): value is ServingEngine {
  return typeof value === 'string' && (SERVING_ENGINES as readonly string[]).includes(value);
}
