import { NestFactory } from '@nestjs/core';
import { RecommendationStep, UtilizationStep } from '@tokenmeter/planner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlannerContext } from '../support/planner-context';
import { createUsageSuite, UsageSuite } from '../support/usage-suite';

const NIGHT = '2026-03-20';
const FIRST_DAY = '2026-03-14';

interface FixtureDeployment {
  name: string;
  model: string;
  gpu: string;
  gpuCount: number;
  gpuPrice: number;
  watts: number;
  rated: number | null;
  /** Registered weights precision and sequences served at once (null: not registered). */
  precision?: string | null;
  concurrency?: number | null;
  outputPerHour: number;
  /** Different teams: same-team idle pools of one model would be consolidated instead. */
  team: string;
}

const FLEET: FixtureDeployment[] = [
  // Rated 1,000 output tok/s; 360,000 output tokens an hour = 100 tok/s = 10%.
  {
    name: 'rated-pool',
    model: 'llama-3.1-70b',
    gpu: 'h100-80gb',
    gpuCount: 4,
    gpuPrice: 30_000,
    watts: 700,
    rated: 1000,
    outputPerHour: 360_000,
    team: 'search',
  },
  // No rating: the catalog's 4× H100 run of Llama 3.1 70B (2,242.99 tok/s at fp8).
  {
    name: 'catalog-pool',
    model: 'llama-3.1-70b',
    gpu: 'h100-80gb',
    gpuCount: 4,
    gpuPrice: 30_000,
    watts: 700,
    rated: null,
    outputPerHour: 807_476.4,
    team: 'support',
  },
  // No rating and no catalog run: utilization unknown, never 100%.
  {
    name: 'unrated',
    model: 'qwen3-30b-a3b',
    gpu: 'l40s-48gb',
    gpuCount: 2,
    gpuPrice: 8_000,
    watts: 350,
    rated: null,
    outputPerHour: 500_000,
    team: 'search',
  },
  // Registered fp8 at 16 sequences: the saturating 2,242.99 held to 16 × 1000 / 50 ms = 320 tok/s;
  // 115,200 output tokens an hour = 32 tok/s = 10%.
  {
    name: 'registered-pool',
    model: 'llama-3.1-70b',
    gpu: 'h100-80gb',
    gpuCount: 4,
    gpuPrice: 30_000,
    watts: 700,
    rated: null,
    precision: 'fp8',
    concurrency: 16,
    outputPerHour: 115_200,
    team: 'ads',
  },
  // Registered fp16: the catalog has no FP16 run of 70B on 4× H100, so unknown — no other precision is assumed.
  {
    name: 'registered-fp16',
    model: 'llama-3.1-70b',
    gpu: 'h100-80gb',
    gpuCount: 4,
    gpuPrice: 30_000,
    watts: 700,
    rated: null,
    precision: 'fp16',
    concurrency: 16,
    outputPerHour: 115_200,
    team: 'legal',
  },
];

describe('planner economics on a fixture fleet', () => {
  let suite: UsageSuite;
  let context: Awaited<ReturnType<typeof NestFactory.createApplicationContext>>;
  beforeAll(async () => {
    suite = await createUsageSuite();
    for (const d of FLEET) {
      await suite.sql.query(
        `INSERT INTO deployments (id, name, team, served_model, gpu_type, gpu_count, gpu_unit_price_usd,
           gpu_power_watts, pue, electricity_usd_per_kwh, personnel_usd_per_month, rated_throughput_tokens_per_sec,
           precision, concurrency, in_service_since, updated_at)
         VALUES (gen_random_uuid(), $1, $8, $2, $3, $4, $5, $6, 1.2, 0.15, 3000, $7, $9, $10,
           '2026-01-01T00:00:00Z', now())`,
        [
          d.name,
          d.model,
          d.gpu,
          d.gpuCount,
          d.gpuPrice,
          d.watts,
          d.rated,
          d.team,
          d.precision ?? null,
          d.concurrency ?? null,
        ],
      );
      await suite.sql.query(
        `INSERT INTO usage_rollups_hourly (hour, team, provider, model, deployment, input_tokens, cached_input_tokens,
           cache_write_tokens, output_tokens, reasoning_tokens, requests, cost_usd, records)
         SELECT h, $6, 'self-hosted', $2, $1, 1000000, 0, 0, $3::bigint, 0, 10, 0, 10
         FROM generate_series($4::timestamptz, $5::timestamptz, interval '1 hour') AS h`,
        [d.name, d.model, Math.round(d.outputPerHour), `${FIRST_DAY}T00:00:00Z`, `${NIGHT}T23:00:00Z`, d.team],
      );
    }
    // DCGM scraped registered-pool for 6 of the night's 24 hours: 1 kWh (3.6 MJ) an hour.
    await suite.sql.query(
      `INSERT INTO utilization_samples (deployment, time, engine, source, interval_sec, energy_joules)
       SELECT 'registered-pool', h, 0, 'dcgm', 3600, 3600000
       FROM generate_series($1::timestamptz, $1::timestamptz + interval '5 hours', interval '1 hour') AS h`,
      [`${NIGHT}T12:00:00Z`],
    );
    context = await startPlannerContext(suite.env);
  }, 300_000);
  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  it('computes utilization, idle waste and kinds as by hand', async () => {
    await context.get(UtilizationStep).run(NIGHT);
    const { rows } = await suite.sql.query(
      `SELECT deployment, utilization::float8 AS u, idle_waste_usd::float8 AS waste, daily_cost_usd::float8 AS cost,
              served_tokens::float8 AS served, input_tokens::float8 AS input, basis, electricity_basis,
              idle_waste_basis,
              energy_kwh::float8 AS kwh, energy_cost_usd::float8 AS energy_cost
       FROM deployment_utilization_daily WHERE day = $1::date ORDER BY deployment`,
      [NIGHT],
    );
    const by = Object.fromEntries(rows.map((r) => [r.deployment, r]));
    // Output only: 24 × 360,000 = 8.64M of 86.4M; the 24M input tokens are reported, not counted.
    expect(by['rated-pool']).toMatchObject({ u: 0.1, served: 8_640_000, input: 24_000_000, basis: 'rated' });
    // (120,000 / 36 + 3,000) / 730 × 24 + 4 × (70 + 630 × 0.1) W × 24 h × 1.2 × 0.15 $/kWh / 1000.
    const cost = ((120_000 / 36 + 3_000) / 730) * 24 + (4 * (70 + 630 * 0.1) * 24 * 1.2 * 0.15) / 1000;
    expect(by['rated-pool'].cost).toBeCloseTo(cost, 3);
    expect(by['rated-pool'].waste).toBeCloseTo(0.9 * cost, 3);
    expect(by['rated-pool'].electricity_basis).toBe('utilization-weighted');
    expect(by['catalog-pool']).toMatchObject({ basis: 'catalog' });
    expect(by['catalog-pool'].u).toBeCloseTo(0.1, 5);
    expect(by.unrated).toMatchObject({ u: null, waste: null, basis: 'unknown' });
    expect(by.unrated.idle_waste_basis).toMatch(/^unknown: no rated throughput and no catalog figure/);
    expect(by['registered-pool']).toMatchObject({ basis: 'catalog', served: 24 * 115_200 });
    expect(by['registered-pool'].u).toBeCloseTo(0.1, 5);
    expect(by['registered-pool'].idle_waste_basis).toMatch(/16 sequences × 1000 \/ 50 ms per token = 320/);
    // Measured 6 kWh over 6 h, charged for the whole paid day at that draw: 24 kWh × 1.2 PUE × 0.15 $/kWh.
    expect(by['registered-pool'].electricity_basis).toBe('measured');
    expect(by['registered-pool'].kwh).toBeCloseTo(24, 6);
    expect(by['registered-pool'].energy_cost).toBeCloseTo(24 * 1.2 * 0.15, 6);
    expect(by['registered-fp16']).toMatchObject({ u: null, waste: null, basis: 'unknown' });
    expect(by['registered-fp16'].idle_waste_basis).toMatch(/llama-3.1-70b at fp16 on 4× h100-80gb with 16 sequences/);

    const out = await context.get(RecommendationStep).run(NIGHT);
    const kinds = Object.fromEntries(out.recommendations.map((r) => [r.workload, r.kind]));
    // 10% at the busiest hour on 4 GPUs; fewer would not hold 70B plus its KV cache (fp8 on the
    // catalog pool: 2 GPUs do), so the rated pool (precision unknown, fp16) keeps 4.
    expect(kinds['deployment:rated-pool']).toBe('RIGHTSIZE');
    expect(kinds['deployment:catalog-pool']).toBe('RIGHTSIZE');
    expect(kinds['deployment:unrated']).toBeUndefined();
    expect(kinds['deployment:registered-fp16']).toBeUndefined();
    // 10% at the busiest hour: 4 × 0.1 ÷ 0.7 = 0.57 GPUs; the registered 16 sequences of KV cache
    // (16 × 1.34 GB) + 70.6 GB of fp8 weights + 2 GB need 2 GPUs.
    expect(kinds['deployment:registered-pool']).toBe('RIGHTSIZE');
    const stored = await suite.sql.query(
      `SELECT workload, numbers, assumptions_version FROM recommendations WHERE run_date = $1::date
         AND workload LIKE 'deployment:%' ORDER BY workload`,
      [NIGHT],
    );
    const numbers = Object.fromEntries(stored.rows.map((r) => [r.workload, r.numbers]));
    expect(numbers['deployment:catalog-pool'].proposedGpuCount).toBe(2);
    expect(numbers['deployment:rated-pool'].proposedGpuCount).toBe(4);
    expect(numbers['deployment:registered-pool'].proposedGpuCount).toBe(2);
    expect(stored.rows.every((r) => Number.isInteger(r.assumptions_version))).toBe(true);
    // Calibrated from the registered deployments: personnel 3,000 per deployment.
    const version = await suite.sql.query(`SELECT "values", set_by FROM organization_assumptions ORDER BY version`);
    expect(version.rows[0].set_by).toBe('calibration');
    expect(version.rows[0].values.personnelUsdPerDeploymentMonth).toBe(3000);
  }, 300_000);
});
