// The serving engines TokenMeter reads telemetry from. One list, here in libs/contracts so that the
// deployment spec, the CLI and libs/telemetry's parsers (which re-export it) cannot disagree.
export const SERVING_ENGINES = ['vllm', 'tgi', 'trtllm', 'sglang', 'llamacpp', 'ollama'] as const;

export type ServingEngine = (typeof SERVING_ENGINES)[number];

export function isServingEngine(value: unknown): value is ServingEngine {
  return typeof value === 'string' && (SERVING_ENGINES as readonly string[]).includes(value);
}
