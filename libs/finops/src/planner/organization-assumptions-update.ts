// Changing the organization's assumptions: a partial object under the names the API and CLI take,
// validated field by field, applied on top of the version in force to make the next version, with
// the changed figures attributed to whoever set them.
import { z } from 'zod';
import { formatZodIssues } from '../scenario/scenario-problems';
import type { AssumptionName, OrganizationAssumptions } from './planner-assumptions';

const nonNegative = z.number({ error: 'expected a non-negative number' }).nonnegative('expected a non-negative number');
const positive = z.number({ error: 'expected a positive number' }).positive('expected a positive number');
const share = z
  .number({ error: 'expected a share between 0 and 1' })
  .min(0, 'expected a share between 0 and 1')
  .max(1, 'expected a share between 0 and 1');
const flag = z.boolean({ error: 'expected true or false' });

export const organizationAssumptionsUpdateSchema = z
  .strictObject({
    electricityUsdPerKwh: nonNegative,
    pue: z.number({ error: 'expected a PUE of at least 1' }).min(1, 'expected a PUE of at least 1'),
    personnelUsdPerDeploymentMonth: nonNegative,
    personnelUsdPerGpuMonth: nonNegative,
    hostingUsdPerGpuMonth: nonNegative,
    amortizationMonths: z
      .number({ error: 'expected a whole number of months' })
      .int('expected a whole number of months')
      .positive('expected a whole number of months'),
    resaleValueShare: share,
    discountRatePerYear: share,
    utilizationTarget: z
      .number({ error: 'expected a share above 0 and at most 1' })
      .gt(0, 'expected a share above 0 and at most 1')
      .max(1, 'expected a share above 0 and at most 1'),
    latencyTargetMsPerToken: positive,
    allowedGpus: z
      .array(z.string({ error: 'expected GPU catalog ids' }).min(1, 'expected GPU catalog ids'), {
        error: 'expected a list of GPU catalog ids, or null for all',
      })
      .nullable(),
    allowBuy: flag,
    allowRent: flag,
    targetBreakEvenMonths: positive,
    hoursPerMonth: z
      .number({ error: 'expected hours between 0 and 744' })
      .positive()
      .max(744, 'expected hours between 0 and 744'),
    otherCapexUsdPerGpu: nonNegative,
    maintenanceShareOfCapexPerYear: share,
    apiWinsBelowTokensPerMonth: nonNegative,
    // The article's bands (issue 16); an interval no longer overturns a decision, so no width limit.
    reviewFromTokensPerMonth: nonNegative,
    reviewToTokensPerMonth: nonNegative,
    selfHostFromTokensPerMonth: positive,
    compliantApiProviders: z.array(z.string({ error: 'expected provider ids' }).min(1, 'expected provider ids'), {
      error: 'expected a list of API provider ids that keep data inside, such as ["bedrock", "azure"]',
    }),
    hybridPeakToMean: positive,
    utilizationFloor: share,
  })
  .partial();

export type OrganizationAssumptionsUpdate = z.output<typeof organizationAssumptionsUpdateSchema>;

export type AssumptionsUpdateResult =
  | { ok: true; assumptions: OrganizationAssumptions; changed: AssumptionName[] }
  | { ok: false; problems: string[] };

/**
 * The next version: `current` with the update's fields replaced, each attributed to `setBy`.
 * Problems name the field and what was expected; unknown GPU ids are refused.
 */
export function applyAssumptionsUpdate(
  current: OrganizationAssumptions,
  update: unknown,
  setBy: string,
  knownGpuIds: readonly string[],
): AssumptionsUpdateResult {
  if (update === null || typeof update !== 'object' || Array.isArray(update)) {
    return { ok: false, problems: ['assumptions: expected a JSON object of the figures to change'] };
  }
  const parsed = organizationAssumptionsUpdateSchema.safeParse(update);
  if (!parsed.success) return { ok: false, problems: formatZodIssues(parsed.error.issues, update) };
  const unknown = (parsed.data.allowedGpus ?? []).filter((id) => !knownGpuIds.includes(id));
  if (unknown.length > 0) {
    return {
      ok: false,
      problems: [`allowedGpus: unknown GPU ${unknown.join(', ')}; known: ${knownGpuIds.join(', ')}`],
    };
  }
  const next = { ...current, ...parsed.data };
  const bands = [
    next.apiWinsBelowTokensPerMonth,
    next.reviewFromTokensPerMonth,
    next.reviewToTokensPerMonth,
    next.selfHostFromTokensPerMonth,
  ];
  if (bands.some((v, i) => i > 0 && v < bands[i - 1])) {
    return {
      ok: false,
      problems: [
        'volume bands: expected apiWinsBelowTokensPerMonth ≤ reviewFromTokensPerMonth ≤ reviewToTokensPerMonth ≤ ' +
          `selfHostFromTokensPerMonth, got ${bands.map((v) => v.toLocaleString('en-US')).join(', ')}`,
      ],
    };
  }
  const changed = Object.keys(parsed.data) as AssumptionName[];
  const sources = { ...current.sources };
  for (const name of changed) sources[name] = { source: `set by ${setBy}` };
  return { ok: true, assumptions: { ...current, ...parsed.data, sources }, changed };
}
