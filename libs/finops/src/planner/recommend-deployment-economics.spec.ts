// MOVE_TO_API on avoidable costs only, RIGHTSIZE with a memory check on the busiest hour, and
// assumptions calibrated from registered deployments: cases computed by hand.
import { describe, expect, it } from 'vitest';
import { resolveCatalogs } from '../catalogs/resolve-catalogs';
import { median } from '../statistics';
import { calibrateAssumptions } from './calibrate-assumptions';
import { applyAssumptionsUpdate } from './organization-assumptions-update';
import { DEFAULT_ORGANIZATION_ASSUMPTIONS as A } from './planner-assumptions';
import { DeploymentEvidence, recommendDeployment } from './recommend-deployment';
import { apiModelSubstitutedBy } from './substitute-catalog';

const days = (utilization: number | null, servedTokens: number, dailyCostUsd: number) =>
  Array.from({ length: 7 }, (_, i) => ({
    day: `2026-11-2${i + 1}`,
    utilization,
    servedTokens,
    dailyCostUsd,
    idleWasteUsd: utilization === null ? null : (1 - utilization) * dailyCostUsd,
  }));

// qwen-30b-l40s of the issue: 2× L40S, capex 28,000 (sunk); electricity 99.65, hosting 400,
// personnel 1,500, maintenance 150 a month: 2,149.65 avoidable.
const qwen: DeploymentEvidence = {
  name: 'qwen-30b-l40s',
  team: 'search',
  servedModel: 'qwen3-30b-a3b',
  gpuType: 'l40s-48gb',
  gpuCount: 2,
  capacityOutputTokensPerSec: null,
  days: days(null, 1e6, 96.25),
  peers: [],
  // 1,731 USD a month for a month of this output: 1e6 × 30.4167 days → 30.4167M tokens.
  referenceApi: { provider: 'openai', model: 'gpt-4o', usdPerToken: 1731 / 30.416_666_7e6, qualityClass: 'large' },
  costs: {
    capexUsd: 28_000,
    electricityUsd: 99.65,
    hostingUsd: 400,
    personnelUsd: 1_500,
    maintenanceUsd: 150,
    resaleUsd: 0,
  },
};

describe('MOVE_TO_API', () => {
  it('counts only avoidable costs: capex already spent is sunk', () => {
    const r = recommendDeployment(qwen, A);
    expect(r?.kind).toBe('MOVE_TO_API');
    expect(r?.numbers.avoidableUsdPerMonth).toBeCloseTo(2_149.65, 2);
    expect(r?.numbers.savingsUsdPerMonth).toBeCloseTo(2_149.65 - 1_731, 0);
    expect(r?.numbers.sunkCapexUsd).toBe(28_000);
    // To the cent, so the parts add up by hand: 99.65 + 400 + 1,500 + 150 = 2,149.65.
    expect(r?.rationale).toContain(
      'avoids about $2,149.65 a month (electricity $99.65, hosting $400.00, personnel $1,500.00, ' +
        'maintenance $150.00; the $28,000.00 of hardware is sunk)',
    );
    expect(r?.rationale).toMatch(/same large quality class/);
    // Counted at full load (utilization unknown), electricity is at most that, and the words say so.
    const fullLoad = recommendDeployment({ ...qwen, costs: { ...qwen.costs!, electricityBasis: 'full-load' } }, A);
    expect(fullLoad?.rationale).toContain('(electricity $99.65 at full load, its utilization unknown: at most that, ');
  });

  it('stays when the avoidable costs are below the API bill, even if the whole cost is above it', () => {
    const cheap = { ...qwen, costs: { ...qwen.costs!, personnelUsd: 0, hostingUsd: 0, maintenanceUsd: 0 } };
    expect(recommendDeployment(cheap, A)?.kind).not.toBe('MOVE_TO_API');
  });

  it('compares with the API model the substitute catalog lists the open model for, never a name guess', () => {
    expect(apiModelSubstitutedBy('llama-3.1-8b')).not.toBeNull();
    expect(apiModelSubstitutedBy('my-own-7b')).toBeNull();
  });
});

describe('RIGHTSIZE', () => {
  const catalogs = resolveCatalogs();
  // llama 70B FP8 on 4× H100 at 2,243 output tokens/s, about 5% busy at its busiest hour.
  const llama: DeploymentEvidence = {
    name: 'llama-70b-pool',
    team: 'support',
    servedModel: 'llama-3.1-70b',
    gpuType: 'h100-80gb',
    gpuCount: 4,
    capacityOutputTokensPerSec: 2242.99,
    peakHourOutputTokens: 0.05 * 2242.99 * 3600,
    days: days(0.03, 0.03 * 2242.99 * 86_400, 300),
    peers: [],
    referenceApi: null,
    memoryModel: { catalogs, modelId: 'llama-3.1-70b', precision: 'fp8' },
  };

  it('never proposes fewer GPUs than hold the weights and KV cache', () => {
    // 1× H100: 70.6 GB weights + 16 × 4096 × 327,680 B = 21.5 GB KV + 2 GB > 77.3 GB usable → 2 GPUs.
    const r = recommendDeployment(llama, A);
    expect(r?.kind).toBe('RIGHTSIZE');
    expect(r?.numbers.proposedGpuCount).toBe(2);
    expect(r?.numbers.memoryGbPerGpu).toBeCloseTo((70.6 + (16 * 4096 * 327_680) / 1e9 + 4) / 2, 1);
    expect(r?.rationale).toMatch(/busiest hour/);
  });

  it('sizes on the busiest hour, not the daily average', () => {
    // Busiest hour at 60% of 4 GPUs needs 4 × 0.6 / 0.7 = 3.4 → 4 GPUs: nothing to cut.
    const spiky = { ...llama, peakHourOutputTokens: 0.6 * 2242.99 * 3600 };
    const r = recommendDeployment(spiky, A);
    expect(r?.numbers.proposedGpuCount).toBe(4);
    expect(r?.decisive).toEqual({ action: 'smaller-precision' });
  });
});

describe('organization assumptions', () => {
  it('calibrates defaults from registered deployments (median) and names them', () => {
    const base = {
      gpuUnitPriceUsd: 30_000,
      otherCapexUsd: 0,
      pue: 1.3,
      electricityUsdPerKwh: 0.15,
      maintenanceUsdPerMonth: 0,
      amortizationMonths: 36,
    };
    const a = calibrateAssumptions(A, [
      { ...base, name: 'a', gpuCount: 4, hostingUsdPerMonth: 1_200, personnelUsdPerMonth: 3_000 },
      { ...base, name: 'b', gpuCount: 2, hostingUsdPerMonth: 400, personnelUsdPerMonth: 1_500 },
      { ...base, name: 'c', gpuCount: 1, hostingUsdPerMonth: 0, personnelUsdPerMonth: 0 },
    ]);
    expect(a.personnelUsdPerDeploymentMonth).toBe(2_250);
    expect(a.hostingUsdPerGpuMonth).toBe(250);
    expect(a.sources.personnelUsdPerDeploymentMonth?.source).toBe(
      'calibrated: median of 2 registered deployments (a, b)',
    );
    expect(a.discountRatePerYear).toBe(A.discountRatePerYear);
    expect(median([3, 1, 2])).toBe(2);
  });

  it('applies a partial update under the issue names and refuses bad figures by name', () => {
    const ok = applyAssumptionsUpdate(
      A,
      { personnelUsdPerDeploymentMonth: 3_000, allowedGpus: ['h100-80gb'] },
      'finops',
      ['h100-80gb'],
    );
    expect(ok).toMatchObject({ ok: true, changed: ['personnelUsdPerDeploymentMonth', 'allowedGpus'] });
    if (ok.ok) expect(ok.assumptions.sources.personnelUsdPerDeploymentMonth).toEqual({ source: 'set by finops' });
    const bad = applyAssumptionsUpdate(A, { pue: 0.5, allowedGpus: ['tpu'], bogus: 1 }, 'finops', ['h100-80gb']);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.join('\n')).toMatch(/pue: expected a PUE of at least 1/);
    expect(applyAssumptionsUpdate(A, { allowedGpus: ['tpu'] }, 'x', ['h100-80gb'])).toEqual({
      ok: false,
      problems: ['allowedGpus: unknown GPU tpu; known: h100-80gb'],
    });
  });
});
