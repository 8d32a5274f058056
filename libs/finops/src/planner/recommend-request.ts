// `tokenmeter recommend`: one workload described by hand (history of monthly tokens, token mix,
// the team's needs, assumption overrides), turned into the same evidence the nightly planner
// builds from rollups, priced at the provider's list prices. Every problem is named by its path.
import { z } from 'zod';
import type { PriceBook } from '../pricing/price-book';
import { DAYS_PER_MONTH } from './month-projection';
import { forecastFromMonthlyHistory } from './monthly-history-forecast';
import { DEFAULT_PLANNER_ASSUMPTIONS, PlannerAssumptions } from './planner-assumptions';
import { PRIVACY_LEVELS, PrivacyLevel } from './recommendation';
import type { SubstituteEntry } from './substitute-catalog';
import type { WorkloadEvidence } from './workload-evidence';

const share = z
  .number({ error: 'expected a share between 0 and 1' })
  .min(0, 'expected a share between 0 and 1')
  .max(1, 'expected a share between 0 and 1');
const tokens = z
  .number({ error: 'expected a non-negative number of tokens' })
  .nonnegative('expected a non-negative number of tokens');

export const recommendRequestSchema = z.strictObject({
  workload: z.strictObject({
    provider: z.string({ error: 'expected a provider id such as "openai"' }).min(1, 'expected a provider id'),
    model: z.string({ error: 'expected a model id such as "gpt-4o"' }).min(1, 'expected a model id'),
    monthlyTokens: z.union([tokens, z.array(tokens).min(1, 'expected at least one month')], {
      error: 'expected a number or a list of monthly token volumes, oldest first',
    }),
    inputShare: share,
    cachedInputShare: share.default(0),
    cacheWriteShare: share.default(0),
    /** Busiest hour against the mean hour; sizes the hardware. */
    peakToMean: z
      .number({ error: 'expected a ratio of at least 1' })
      .min(1, 'expected a ratio of at least 1')
      .default(1.5),
  }),
  team: z
    .strictObject({
      privacy: z
        .enum(PRIVACY_LEVELS as [PrivacyLevel, ...PrivacyLevel[]], {
          error: `expected one of ${PRIVACY_LEVELS.join(', ')}`,
        })
        .default('none'),
      customization: z.boolean({ error: 'expected true or false' }).default(false),
      latencySensitive: z.boolean({ error: 'expected true or false' }).default(false),
      /** Other API providers the team already uses (a compliant route may be among them). */
      providers: z.array(z.string({ error: 'expected provider ids' })).default([]),
    })
    .prefault({}),
  assumptions: z.record(z.string(), z.unknown(), { error: 'expected an object of assumption overrides' }).default({}),
});

export type RecommendRequest = z.output<typeof recommendRequestSchema>;

/** Names of the organization assumptions (issue #15) that mean a planner assumption. */
const ASSUMPTION_ALIASES: Readonly<Record<string, keyof PlannerAssumptions>> = {
  // The planner's older name for the per-deployment personnel figure.
  personnelUsdPerMonth: 'personnelUsdPerDeploymentMonth',
};

export type RecommendRequestResult =
  | { ok: true; evidence: WorkloadEvidence; assumptions: PlannerAssumptions; ignoredAssumptions: string[] }
  | { ok: false; problems: string[] };

/** What `--organization` brings: the organization's assumptions in force and its substitute catalog. */
export interface RecommendOrganization {
  assumptions: PlannerAssumptions;
  substituteCatalog: readonly SubstituteEntry[];
}

export function parseRecommendRequest(
  input: unknown,
  book: PriceBook,
  at: Date,
  organization?: RecommendOrganization,
): RecommendRequestResult {
  const parsed = recommendRequestSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`),
    };
  }
  const r = parsed.data;
  const problems: string[] = [];
  const w = r.workload;
  if (w.inputShare + w.cachedInputShare + w.cacheWriteShare > 1 + 1e-12) {
    problems.push('workload: inputShare + cachedInputShare + cacheWriteShare must not exceed 1 (output is the rest)');
  }
  const assumptions: PlannerAssumptions = { ...(organization?.assumptions ?? DEFAULT_PLANNER_ASSUMPTIONS) };
  const ignoredAssumptions: string[] = [];
  for (const [key, value] of Object.entries(r.assumptions)) {
    const name = (ASSUMPTION_ALIASES[key] ?? key) as keyof PlannerAssumptions;
    if (!(name in DEFAULT_PLANNER_ASSUMPTIONS) || name === 'sources') {
      ignoredAssumptions.push(key);
      continue;
    }
    const current = DEFAULT_PLANNER_ASSUMPTIONS[name];
    if (typeof current === 'number' && (typeof value !== 'number' || !Number.isFinite(value) || value < 0)) {
      problems.push(`assumptions.${key}: expected a non-negative number, got ${JSON.stringify(value)}`);
    } else if (Array.isArray(current) && (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))) {
      problems.push(`assumptions.${key}: expected a list of provider ids, got ${JSON.stringify(value)}`);
    } else {
      (assumptions as unknown as Record<string, unknown>)[name] = value;
    }
  }
  const price = book.find(w.provider, w.model, at);
  if (!price) problems.push(`workload.model: no list price known for ${w.provider}/${w.model}`);
  if (problems.length > 0 || !price) return { ok: false, problems };

  const history = typeof w.monthlyTokens === 'number' ? [w.monthlyTokens] : w.monthlyTokens;
  const forecast = forecastFromMonthlyHistory(history);
  const monthTokens = history[history.length - 1];
  const hourly = monthTokens / (DAYS_PER_MONTH * 24);
  const prices = {
    inputPerMTok: Number(price.inputPerMTok),
    outputPerMTok: Number(price.outputPerMTok),
    cachedInputPerMTok: price.cachedInputPerMTok === null ? null : Number(price.cachedInputPerMTok),
    cacheWritePerMTok: price.cacheWritePerMTok === null ? null : Number(price.cacheWritePerMTok),
  };
  const outputShare = 1 - w.inputShare - w.cachedInputShare - w.cacheWriteShare;
  const evidence: WorkloadEvidence = {
    team: 'cli',
    provider: w.provider,
    model: w.model,
    profile: {
      privacyCritical: r.team.privacy === 'critical' || r.team.privacy === 'must-not-leave',
      latencyUnder100ms: r.team.latencySensitive,
      extensiveCustomization: r.team.customization,
      privacy: r.team.privacy,
    },
    forecast: {
      months: forecast.months,
      confidence: history.length >= 6 ? 'medium' : 'low',
      mapePct: null,
      method: forecast.method,
    },
    recent: {
      days: DAYS_PER_MONTH,
      tokens: {
        inputTokens: monthTokens * w.inputShare,
        cachedInputTokens: monthTokens * w.cachedInputShare,
        cacheWriteTokens: monthTokens * w.cacheWriteShare,
        outputTokens: monthTokens * outputShare,
      },
      costUsd: 0,
      peakHourTokens: hourly * w.peakToMean,
      meanHourTokens: hourly,
      baseHourTokens: hourly / w.peakToMean,
      assumedPeakToMean: w.peakToMean,
    },
    teamProviders: [w.provider, ...r.team.providers],
    pricing: { kind: 'prices', prices },
    ...(organization ? { substituteCatalog: organization.substituteCatalog } : {}),
  };
  return { ok: true, evidence, assumptions, ignoredAssumptions };
}
