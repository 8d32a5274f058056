// A realistic, reproducible stream of usage events, shared by the demo, the benchmarks and the
// end-to-end tests: teams with their own provider/model mix, daily and weekly cycles, growth,
// bursts, and each provider's prompt-cache behaviour (cached share, cache writes, reasoning).
import type { UsageQuantities } from '@tokenmeter/contracts';
import { createSeededRandom, SeededRandom } from './seeded-random';

export interface ModelMix {
  provider: 'openai' | 'anthropic' | 'google' | 'mistral' | 'bedrock';
  model: string;
  share: number;
  /** Mean input and output tokens per call. */
  input: number;
  output: number;
  /** Share of input served from the prompt cache, and written to it. */
  cachedShare: number;
  cacheWriteShare: number;
  /** Share of output that is reasoning. */
  reasoningShare: number;
}

export interface TeamWorkload {
  team: string;
  project: string;
  /** Calls per day at the start of the period. */
  callsPerDay: number;
  /** Compound growth per 30 days (0.1 = +10 %/month). */
  monthlyGrowth: number;
  /** Probability that a day carries a burst, and its size. */
  burstChance: number;
  burstFactor: number;
  /** Weekend volume relative to weekdays. */
  weekendFactor: number;
  models: ModelMix[];
}

export interface UsageEventJson {
  specversion: '1.0';
  id: string;
  source: string;
  type: 'dev.tokenmeter.usage.v1';
  time: string;
  subject: string;
  data: UsageQuantities & { provider: string; model: string; project: string };
}

/** Relative traffic per UTC hour: quiet nights, a working-day plateau. */
const DIURNAL = [
  0.2, 0.15, 0.12, 0.12, 0.15, 0.25, 0.45, 0.7, 0.95, 1.1, 1.2, 1.2, 1.1, 1.15, 1.2, 1.2, 1.1, 0.95, 0.8, 0.6, 0.5, 0.4,
  0.3, 0.25,
];
const DIURNAL_SUM = DIURNAL.reduce((a, b) => a + b, 0);

export const DEMO_TEAMS: TeamWorkload[] = [
  {
    team: 'search',
    project: 'answer-engine',
    callsPerDay: 9_000,
    monthlyGrowth: 0.25,
    burstChance: 0.05,
    burstFactor: 2,
    weekendFactor: 0.6,
    models: [
      {
        provider: 'openai',
        model: 'gpt-4o',
        share: 0.7,
        input: 2_400,
        output: 450,
        cachedShare: 0.35,
        cacheWriteShare: 0,
        reasoningShare: 0,
      },
      {
        provider: 'openai',
        model: 'o3-mini',
        share: 0.3,
        input: 1_800,
        output: 1_600,
        cachedShare: 0.2,
        cacheWriteShare: 0,
        reasoningShare: 0.6,
      },
    ],
  },
  {
    team: 'support',
    project: 'helpdesk-bot',
    callsPerDay: 2_500,
    monthlyGrowth: 0.02,
    burstChance: 0.02,
    burstFactor: 1.5,
    weekendFactor: 0.8,
    models: [
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-20250514',
        share: 0.8,
        input: 1_200,
        output: 350,
        cachedShare: 0.6,
        cacheWriteShare: 0.08,
        reasoningShare: 0,
      },
      {
        provider: 'anthropic',
        model: 'claude-3-5-haiku-20241022',
        share: 0.2,
        input: 800,
        output: 200,
        cachedShare: 0.5,
        cacheWriteShare: 0.1,
        reasoningShare: 0,
      },
    ],
  },
  {
    team: 'marketing',
    project: 'copywriter',
    callsPerDay: 300,
    monthlyGrowth: 0,
    burstChance: 0.15,
    burstFactor: 6,
    weekendFactor: 0.3,
    models: [
      {
        provider: 'google',
        model: 'gemini-2.5-flash',
        share: 0.6,
        input: 900,
        output: 700,
        cachedShare: 0.1,
        cacheWriteShare: 0,
        reasoningShare: 0.3,
      },
      {
        provider: 'mistral',
        model: 'mistral-large-latest',
        share: 0.4,
        input: 700,
        output: 500,
        cachedShare: 0,
        cacheWriteShare: 0,
        reasoningShare: 0,
      },
    ],
  },
  {
    team: 'risk',
    project: 'doc-review',
    callsPerDay: 4_000,
    monthlyGrowth: 0.08,
    burstChance: 0.03,
    burstFactor: 2.5,
    weekendFactor: 0.2,
    models: [
      {
        provider: 'bedrock',
        model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
        share: 1,
        input: 3_000,
        output: 300,
        cachedShare: 0.4,
        cacheWriteShare: 0.05,
        reasoningShare: 0,
      },
    ],
  },
];

export interface WorkloadOptions {
  teams: TeamWorkload[];
  start: Date;
  days: number;
  seed?: number;
  /** Scales every team's call volume (a day of the demo is not a day of production). */
  scale?: number;
  /** Calls folded into one event (`requests`), as a client that pre-aggregates would. */
  callsPerEvent?: number;
  source?: string;
}

/** Events in time order per team, day by day. */
export function* usageWorkload(options: WorkloadOptions): Generator<UsageEventJson> {
  const random = createSeededRandom(options.seed ?? 42);
  const scale = options.scale ?? 1;
  const callsPerEvent = options.callsPerEvent ?? 1;
  const source = options.source ?? 'tokenmeter:workload';
  for (let day = 0; day < options.days; day++) {
    const dayStart = options.start.getTime() + day * 86_400_000;
    const weekday = new Date(dayStart).getUTCDay();
    for (const team of options.teams) {
      const growth = (1 + team.monthlyGrowth) ** (day / 30);
      const weekend = weekday === 0 || weekday === 6 ? team.weekendFactor : 1;
      const burst = random.next() < team.burstChance ? team.burstFactor : 1;
      const calls = Math.round(team.callsPerDay * growth * weekend * burst * scale * (0.9 + 0.2 * random.next()));
      const events = Math.max(0, Math.round(calls / callsPerEvent));
      const date = new Date(dayStart).toISOString().slice(0, 10);
      for (let i = 0; i < events; i++) {
        const hour = pickHour(random);
        const time = new Date(dayStart + hour * 3_600_000 + Math.floor(random.next() * 3_600_000));
        const mix = pick(team.models, random);
        // Ids are stable per day and team, so sending the same days again stores nothing twice.
        yield event(`${source}:${date}:${team.team}:${i}`, source, time, team, mix, callsPerEvent, random);
      }
    }
  }
}

function event(
  id: string,
  source: string,
  time: Date,
  team: TeamWorkload,
  mix: ModelMix,
  calls: number,
  random: SeededRandom,
): UsageEventJson {
  const input = Math.round(mix.input * calls * (0.5 + random.next()));
  const output = Math.round(mix.output * calls * (0.5 + random.next()));
  const cached = Math.round(input * mix.cachedShare);
  const cacheWrite = Math.round(input * mix.cacheWriteShare);
  return {
    specversion: '1.0',
    id,
    source,
    type: 'dev.tokenmeter.usage.v1',
    time: time.toISOString(),
    subject: team.team,
    data: {
      provider: mix.provider,
      model: mix.model,
      project: team.project,
      inputTokens: input - cached - cacheWrite,
      cachedInputTokens: cached,
      cacheWriteTokens: cacheWrite,
      outputTokens: output,
      reasoningTokens: Math.round(output * mix.reasoningShare),
      requests: calls,
    },
  };
}

function pickHour(random: SeededRandom): number {
  let r = random.next() * DIURNAL_SUM;
  for (let hour = 0; hour < 24; hour++) {
    r -= DIURNAL[hour];
    if (r <= 0) return hour;
  }
  return 23;
}

function pick<T extends { share: number }>(items: T[], random: SeededRandom): T {
  let r = random.next();
  for (const item of items) {
    r -= item.share;
    if (r <= 0) return item;
  }
  return items[items.length - 1];
}
