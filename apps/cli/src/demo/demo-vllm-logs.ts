// Ships the demo fleet's vLLM logs into vllm.logs the way real shippers do: one deployment's lines
// raw and keyed by deployment (vLLM 0.10 with process tags), the other as Vector events carrying
// the pod's Kubernetes labels. Stats every minute (VLLM_LOG_STATS_INTERVAL=60) keeps the stream small.
// Each record is signed with the key of the team that owns its deployment, as the ingest requires.

import { RecordSigner, signatureHeaders } from '@tokenmeter/contracts';
import { VllmLogMessage, vllmLogWorkload } from '@tokenmeter/workload';
import { Kafka, Partitioners } from 'kafkajs';

/** A demo log record and the deployment it belongs to (which says whose key signs it). */
export type DemoLogMessage = VllmLogMessage & { deployment: string };

export const DEMO_LOG_INTERVAL_SEC = 60;
export const DEMO_LOG_DAYS = 14;
/** The deployments whose logs the demo ships. */
export const DEMO_LOG_DEPLOYMENTS = ['llama-70b-pool', 'qwen-30b-l40s'] as const;

/** The first instant of the logs demoVllmLogs(end) ships. */
export function demoLogStart(end: Date): Date {
  return new Date(end.getTime() - DEMO_LOG_DAYS * 86_400_000);
}

export function demoVllmLogs(end: Date): { messages: DemoLogMessage[]; statsLines: number; start: Date } {
  const start = demoLogStart(end);
  const common = { start, hours: DEMO_LOG_DAYS * 24, intervalSec: DEMO_LOG_INTERVAL_SEC };
  const messages = [
    // 4×H100 serving Llama 3.1 70B, busy in office hours.
    ...vllmLogWorkload({
      ...common,
      deployment: DEMO_LOG_DEPLOYMENTS[0],
      model: 'meta-llama/Llama-3.1-70B-Instruct',
      style: 'v1-engine-process',
      peakPromptTokensPerSec: 2_400,
      peakGenerationTokensPerSec: 520,
      seed: 3,
    }),
    // 2×L40S serving Qwen3-30B-A3B, mostly idle: the planner should see the waste.
    ...vllmLogWorkload({
      ...common,
      deployment: DEMO_LOG_DEPLOYMENTS[1],
      model: 'Qwen/Qwen3-30B-A3B',
      style: 'v1-plain-k8s-vector',
      peakPromptTokensPerSec: 300,
      peakGenerationTokensPerSec: 60,
      peakRunning: 1,
      seed: 5,
    }),
  ];
  return {
    messages: messages.map(withDeployment),
    statsLines: 2 * Math.floor((DEMO_LOG_DAYS * 86_400) / DEMO_LOG_INTERVAL_SEC),
    start,
  };
}

/** The generator's records name their deployment by key or by the pod labels Vector attaches. */
function withDeployment(m: VllmLogMessage): DemoLogMessage {
  const named = DEMO_LOG_DEPLOYMENTS.find((d) => m.key === d || m.value.includes(`"${d}"`));
  if (!named) throw new Error('demo log record without one of the demo deployments');
  return { ...m, deployment: named };
}

/** Ships the records, each signed by `signerOf` its deployment. */
export async function shipVllmLogs(
  kafka: Kafka,
  topic: string,
  messages: DemoLogMessage[],
  signerOf: (deployment: string) => RecordSigner,
): Promise<void> {
  const producer = kafka.producer({ maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += 2_000) {
      await producer.send({
        topic,
        acks: -1,
        messages: messages.slice(i, i + 2_000).map((m) => ({
          key: m.key,
          value: m.value,
          timestamp: String(m.time.getTime()),
          headers: signatureHeaders(signerOf(m.deployment), m.value),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}
