import { describe, expect, it } from 'vitest';
import { deploymentNameError, parseDeploymentSpec } from './deployment-spec';

const minimal = {
  team: 'support',
  servedModel: 'llama-3.1-70b',
  gpuType: 'h100-80gb',
  gpuCount: 4,
  gpuUnitPriceUsd: 30000,
  gpuPowerWatts: 700,
  electricityUsdPerKwh: '0.15',
};

describe('parseDeploymentSpec', () => {
  it('fills defaults and keeps money as decimal text', () => {
    const result = parseDeploymentSpec(minimal);
    expect(result).toEqual({
      ok: true,
      spec: {
        ...minimal,
        engine: 'vllm',
        gpuUnitPriceUsd: '30000',
        electricityUsdPerKwh: '0.15',
        otherCapexUsd: '0',
        pue: '1.2',
        hostingUsdPerMonth: '0',
        personnelUsdPerMonth: '0',
        maintenanceUsdPerMonth: '0',
        amortizationMonths: 36,
        ratedThroughputTokensPerSec: null,
        precision: null,
        concurrency: null,
        logStatsIntervalSec: '10',
        vllmMetricsUrl: null,
        dcgmMetricsUrl: null,
        kubernetesLabels: {},
        inServiceSince: null,
      },
    });
  });

  it('reads the precision and concurrency a deployment serves at, naming each field when it is wrong', () => {
    const ok = parseDeploymentSpec({ ...minimal, precision: 'fp8', concurrency: 64 });
    expect(ok.ok && [ok.spec.precision, ok.spec.concurrency]).toEqual(['fp8', 64]);
    const bad = parseDeploymentSpec({ ...minimal, precision: 'bf16', concurrency: 0 }, 'body');
    expect(!bad.ok && bad.errors.map((e) => e.message)).toEqual([
      'body.precision: expected the weights precision: one of fp16, fp8, int8, int4, or null, got "bf16"',
      'body.concurrency: expected the sequences served at once (vLLM max_num_seqs): an integer from 1 to 100000, got 0',
    ]);
  });

  it('reads the serving engine, and names the field and the engines when it is not one', () => {
    const tgi = parseDeploymentSpec({ ...minimal, engine: 'tgi' });
    expect(tgi.ok && tgi.spec.engine).toBe('tgi');
    const bad = parseDeploymentSpec({ ...minimal, engine: 'vLLM' }, 'body');
    expect(!bad.ok && bad.errors.map((e) => e.message)).toEqual([
      'body.engine: expected the serving engine: one of vllm, tgi, trtllm, sglang, llamacpp, ollama, got "vLLM"',
    ]);
  });

  it('reads the in-service date as an instant', () => {
    const result = parseDeploymentSpec({ ...minimal, inServiceSince: '2026-11-01T00:00:00+01:00' });
    expect(result.ok && result.spec.inServiceSince).toEqual(new Date('2026-10-31T23:00:00Z'));
    const bad = parseDeploymentSpec({ ...minimal, inServiceSince: 'last tuesday' }, 'body');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors[0].message).toMatch(/^body\.inServiceSince: expected an ISO 8601 date-time/);
  });

  it('names every bad field with what was expected', () => {
    const result = parseDeploymentSpec(
      {
        ...minimal,
        gpuCount: 0,
        pue: 0.8,
        gpuUnitPriceUsd: '12.345',
        vllmMetricsUrl: 'ftp://x',
        kubernetesLabels: { 'bad key!': 'x' },
        colour: 'red',
      },
      'body',
    );
    expect(result.ok).toBe(false);
    const messages = !result.ok ? result.errors.map((e) => e.message) : [];
    expect(messages).toEqual(
      expect.arrayContaining([
        'body.gpuCount: expected a GPU count: an integer from 1 to 100000, got 0',
        expect.stringMatching(
          /^body\.pue: expected a power usage effectiveness: a number at least 1 and at most 9\.99.*got 0\.8$/,
        ),
        expect.stringMatching(/^body\.gpuUnitPriceUsd: .* 2 after .*got "12\.345"$/),
        expect.stringMatching(/^body\.vllmMetricsUrl: expected an http:\/\/ or https:\/\/ URL/),
        expect.stringMatching(/^body\.kubernetesLabels\["bad key!"\]: expected a Kubernetes label key/),
        'body.colour: unknown field; remove it or send it as a tag',
      ]),
    );
    expect(!result.ok && result.errors.map((e) => e.path)).toContain('body.gpuCount');
  });

  it('reports a missing required field as missing', () => {
    const { team: _team, ...withoutTeam } = minimal;
    const result = parseDeploymentSpec(withoutTeam);
    expect(!result.ok && result.errors[0].message).toMatch(/^team: missing; expected a team slug/);
  });

  it('checks names', () => {
    expect(deploymentNameError('gpu-pool-a', 'name')).toBeNull();
    expect(deploymentNameError('bad name', 'path.name')?.message).toMatch(/^path\.name: expected a deployment name/);
  });
});
