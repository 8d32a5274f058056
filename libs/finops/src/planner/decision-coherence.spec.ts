import { describe, expect, it } from 'vitest';
import { CoherenceRecommendation, decisionCoherence } from './decision-coherence';

const gap = 'GPQA Diamond 46.7 against 53.6 for gpt-4o (6.9 points lower; …)';
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
      contradictingAlerts: ['2026-03-20 support api:openai/gpt-4o'],
    });
  });
});
