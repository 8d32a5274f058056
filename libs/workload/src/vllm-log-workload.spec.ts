import { parseVllmRecord } from '@tokenmeter/telemetry';
import { describe, expect, it } from 'vitest';
import { VLLM_WORKLOAD_PROMPTS, vllmLogWorkload } from './vllm-log-workload';

describe('vllmLogWorkload', () => {
  it.each(['v1-engine-process', 'v1-plain-k8s-vector'] as const)(
    '%s: every stats line parses with its numbers, no prompt survives',
    (style) => {
      const messages = [
        ...vllmLogWorkload({
          deployment: 'llama-70b-pool',
          model: 'meta-llama/Llama-3.1-70B-Instruct',
          style,
          start: new Date('2026-11-20T00:00:00Z'),
          hours: 2,
          intervalSec: 60,
          peakPromptTokensPerSec: 2_000,
          peakGenerationTokensPerSec: 400,
        }),
      ];
      const records = messages.map((m) => {
        const line = style === 'v1-plain-k8s-vector' ? (JSON.parse(m.value) as { message: string }).message : m.value;
        return parseVllmRecord(line, { defaultTime: m.time.toISOString(), year: 2026 });
      });
      const stats = records.filter((r) => r?.kind === 'stats');
      expect(stats).toHaveLength(120);
      expect(records.filter((r) => r?.kind === 'startup')).not.toHaveLength(0);
      const output = JSON.stringify(records);
      for (const prompt of VLLM_WORKLOAD_PROMPTS) expect(output).not.toContain(prompt.slice(0, 20));
    },
  );
});
