import { describe, expect, it } from 'vitest';
import { CoherenceRecommendation, decisionCoherence } from './decision-coherence';

const gap = 'GPQA Diamond 48.0 against 53.6 for gpt-4o (5.6 points lower; …)';
const rec = (over: Partial<CoherenceRecommendation>): CoherenceRecommendation => ({
  runDate: '2026-03-20',
  team: 'search',
  workload: 'api:openai/gpt-4o',
  kind: 'MIGRATE_TO_SELF_HOSTED',
  rationale: `Migrate: … Quality: ${gap}.`,
  numbers: { volumeBand: 'self-host', substitute: { qualityGap: gap } },
  ...over,
});

describe('decisionCoherence', () => {
  it('finds nothing wrong in a coherent night', () => {
    const night = [
      rec({}),
      rec({
        team: 'risk',
        kind: 'SELF_HOST_FOR_COMPLIANCE',
        numbers: { volumeBand: 'below-review', substitute: { qualityGap: gap } },
      }),
      rec({ team: 'ads', kind: 'STAY_ON_API', rationale: 'Stay', numbers: { volumeBand: 'below-review' } }),
    ];
    const alerts = [{ runDate: '2026-03-20', team: 'search', kind: 'break-even-short', subject: 'api:openai/gpt-4o' }];
    expect(decisionCoherence(night, alerts)).toEqual({
      migrationsBelowReviewBand: [],
      migrationsWithoutQualityGap: [],
      migrationsDearerThanApi: [],
      contradictingAlerts: [],
    });
  });

  it('names a migration below the review band, one without its gap, and an alert against a STAY night', () => {
    const night = [
      rec({ numbers: { volumeBand: 'below-review', substitute: { qualityGap: gap } } }),
      rec({ team: 'ads', rationale: 'Migrate: cheaper.' }),
      rec({ team: 'support', kind: 'STAY_ON_API', rationale: 'Stay', numbers: { volumeBand: 'depends' } }),
    ];
    const alerts = [
      { runDate: '2026-03-20', team: 'support', kind: 'break-even-short', subject: 'api:openai/gpt-4o' },
      { runDate: '2026-03-20', team: 'support', kind: 'run-rate-review', subject: 'team' },
    ];
    expect(decisionCoherence(night, alerts)).toEqual({
      migrationsBelowReviewBand: ['2026-03-20 search api:openai/gpt-4o'],
      migrationsWithoutQualityGap: ['2026-03-20 ads api:openai/gpt-4o'],
      migrationsDearerThanApi: [],
      contradictingAlerts: ['2026-03-20 support api:openai/gpt-4o'],
    });
  });

  it('checks migrations to renting or a hosted model: cheaper than the API, and no break-even alert', () => {
    const rent = { volumeBand: 'self-host', substitute: { qualityGap: gap }, figuresOption: 'rent' };
    const night = [
      // Renting at $947 against the API's $1,368: coherent, with nothing to pay back.
      rec({ numbers: { ...rent, optionMonthlyUsd: 946.76, apiMonthlyUsd: 1368, breakEvenMonths: null } }),
      // A hosted model dearer than the API chosen "month by month": incoherent.
      rec({
        team: 'ads',
        numbers: { ...rent, figuresOption: 'hosted-open-model', optionMonthlyUsd: 1400, apiMonthlyUsd: 1368 },
      }),
      // Buying that breaks even: its alert agrees.
      rec({
        team: 'risk',
        numbers: { volumeBand: 'self-host', substitute: { qualityGap: gap }, figuresOption: 'buy' },
      }),
    ];
    const alert = (team: string) => ({
      runDate: '2026-03-20',
      team,
      kind: 'break-even-short',
      subject: 'api:openai/gpt-4o',
    });
    expect(decisionCoherence(night, [alert('search'), alert('risk')])).toEqual({
      migrationsBelowReviewBand: [],
      migrationsWithoutQualityGap: [],
      migrationsDearerThanApi: ['2026-03-20 ads api:openai/gpt-4o'],
      // Renting has no break-even: an alert announcing one contradicts the night's answer.
      contradictingAlerts: ['2026-03-20 search api:openai/gpt-4o'],
    });
  });
});
