import { describe, expect, it } from 'vitest';
import { comparableOpenModel } from './comparable-open-model';
import { DEFAULT_PLANNER_ASSUMPTIONS as A } from './planner-assumptions';
import { DeploymentUtilizationWeek, recommendDeployment } from './recommend-deployment';
import { recommendWorkload, WorkloadEvidence } from './recommend-workload';
import { recommendationFingerprint } from './recommendation';

const months = (tokens: (m: number) => number, width = 0.2) =>
  Array.from({ length: 36 }, (_, i) => ({
    month: i + 1,
    tokens: tokens(i + 1),
    lower: tokens(i + 1) * (1 - width / 2),
    upper: tokens(i + 1) * (1 + width / 2),
  }));

function workload(monthly: number, overrides: Partial<WorkloadEvidence> = {}, width = 0.2): WorkloadEvidence {
  const recent = (monthly * 28) / 30.4375;
  return {
    team: 't',
    provider: 'openai',
    model: 'gpt-4o',
    profile: { privacyCritical: false, latencyUnder100ms: false, extensiveCustomization: false },
    forecast: { months: months(() => monthly, width), confidence: 'high', mapePct: 5, method: 'mstl-ets' },
    recent: {
      days: 28,
      tokens: { inputTokens: recent * 0.7, cachedInputTokens: 0, cacheWriteTokens: 0, outputTokens: recent * 0.3 },
      costUsd: (recent * 0.7 * 2.5 + recent * 0.3 * 10) / 1e6,
      peakHourTokens: (recent / (28 * 24)) * 1.5,
      meanHourTokens: recent / (28 * 24),
      baseHourTokens: (recent / (28 * 24)) * 0.7,
    },
    ...overrides,
  };
}

describe('recommendWorkload', () => {
  it('stays on the API below ~10M tokens a month', () => {
    const r = recommendWorkload(workload(5e6), A);
    expect(r.kind).toBe('STAY_ON_API');
    expect(r.numbers.reason).toBe('below-threshold');
    expect(r.rationale).toMatch(/Stay on the API/);
  });

  it('migrates when a large steady volume breaks even within the target, naming model, GPUs, month and savings', () => {
    const r = recommendWorkload(workload(1.5e9), A);
    expect(r.kind).toBe('MIGRATE_TO_SELF_HOSTED');
    expect(r.numbers).toMatchObject({ model: 'llama-3.1-70b', precision: 'fp8' });
    expect(r.numbers.breakEvenMonth as number).toBeLessThanOrEqual(12);
    expect(r.numbers.savings36mUsd as number).toBeGreaterThan(r.numbers.savings12mUsd as number);
    expect(r.rationale).toContain(`month ${r.numbers.breakEvenMonth}`);
  });

  it('stays when the forecast is too wide to buy hardware on', () => {
    const r = recommendWorkload(workload(1.5e9, {}, 3), A);
    expect(r.kind).toBe('STAY_ON_API');
    expect(r.numbers.reason).toBe('too-unpredictable');
  });

  it('splits spiky load: self-host the base, keep the API for peaks', () => {
    const e = workload(1.5e9);
    e.recent.peakHourTokens = e.recent.meanHourTokens * 8;
    const r = recommendWorkload(e, A);
    expect(r.kind).toBe('HYBRID');
    expect(r.numbers.baseLoadBreakEvenMonths as number).toBeLessThan(r.numbers.wholeLoadBreakEvenMonths as number);
  });

  it('lets a privacy-critical team self-host a volume that would not pay on cost alone', () => {
    const plain = recommendWorkload(workload(60e6), A);
    expect(plain.kind).toBe('STAY_ON_API');
    const privateTeam = recommendWorkload(
      workload(60e6, { profile: { privacyCritical: true, latencyUnder100ms: false, extensiveCustomization: false } }),
      A,
    );
    expect(privateTeam.kind).toBe('MIGRATE_TO_SELF_HOSTED');
    expect(privateTeam.numbers.reason).toBe('qualitative-requirement');
    expect(privateTeam.rationale).toMatch(/data privacy is critical/);
  });

  it('fingerprints what is said, not how', () => {
    const a = recommendWorkload(workload(1.5e9), A);
    const b = recommendWorkload(workload(1.5e9 * 1.001), A);
    expect(recommendationFingerprint(a)).toBe(recommendationFingerprint(b));
    expect(recommendationFingerprint(a)).not.toBe(recommendationFingerprint(recommendWorkload(workload(5e6), A)));
  });

  it('maps API models to a comparable open model by tier', () => {
    expect(comparableOpenModel('gpt-4o-mini').modelId).toBe('llama-3.1-8b');
    expect(comparableOpenModel('claude-sonnet-4').modelId).toBe('llama-3.1-70b');
    expect(comparableOpenModel('claude-opus-4').modelId).toBe('llama-3.1-405b');
  });
});

const week = (name: string, utilization: number, gpuCount = 2, dailyCostUsd = 30): DeploymentUtilizationWeek => ({
  name,
  team: 'gpu',
  servedModel: 'llama-3.1-70b',
  gpuType: 'a100-80gb',
  gpuCount,
  days: Array.from({ length: 7 }, (_, i) => ({
    day: `2026-01-0${i + 1}`,
    utilization,
    servedTokens: utilization * 86.4e6,
    dailyCostUsd,
    idleWasteUsd: (1 - utilization) * dailyCostUsd,
  })),
});

describe('recommendDeployment', () => {
  const gpt4o = { provider: 'openai', model: 'gpt-4o', usdPerToken: 4.375e-6 };

  it('rightsizes a deployment idle all week to fewer GPUs', () => {
    const r = recommendDeployment({ ...week('a', 0.15), peers: [], referenceApi: gpt4o }, A);
    expect(r?.kind).toBe('RIGHTSIZE');
    expect(r?.numbers.proposedGpuCount).toBe(1);
  });

  it('moves to the API when a served token costs more than the API', () => {
    const r = recommendDeployment({ ...week('a', 0.05), peers: [], referenceApi: gpt4o }, A);
    expect(r?.kind).toBe('MOVE_TO_API');
  });

  it('consolidates two idle deployments of the same model', () => {
    const r = recommendDeployment({ ...week('a', 0.2), peers: [week('b', 0.1)], referenceApi: gpt4o }, A);
    expect(r?.kind).toBe('CONSOLIDATE');
  });

  it('leaves a well-used deployment alone', () => {
    expect(recommendDeployment({ ...week('a', 0.6), peers: [], referenceApi: gpt4o }, A)).toBeNull();
  });
});
