// The break-even scenario a user (or the nightly planner) describes, validated with every problem
// named. Field-level rules live in the zod schema; rules that tie fields together are checked
// after it, per section, so one bad section does not hide the problems of another.
import { z } from 'zod';
import { PRECISIONS } from '../catalogs/precision';
import { CatalogOverrides, Catalogs, resolveCatalogs } from '../catalogs/resolve-catalogs';
import { lookUpVllmThroughput } from '../sizing/throughput-lookup';
import { describeValue, formatZodIssues } from './scenario-problems';

const expectation = (text: string, nullable: boolean) => (nullable ? `${text} or null` : text);
const nonNegative = (nullable = false) => {
  const message = expectation('expected a non-negative number', nullable);
  return z.number({ error: message }).nonnegative(message);
};
const positive = (nullable = false) => {
  const message = expectation('expected a positive number', nullable);
  return z.number({ error: message }).positive(message);
};
const share = (nullable = false) => {
  const message = expectation('expected a share between 0 and 1', nullable);
  return z.number({ error: message }).min(0, message).max(1, message);
};
const positiveWhole = (message = 'expected a positive whole number') =>
  z.number({ error: message }).int(message).positive(message);
const catalogId = z.string({ error: 'expected a catalog id (text) or null' });

export const workloadSchema = z.strictObject({
  /** Tokens per month, all classes together. */
  tokensPerMonth: nonNegative(true).nullable().default(null),
  /** Set the volume to one deployment's monthly capacity. */
  matchCapacity: z.boolean({ error: 'expected true or false' }).default(false),
  /** Share of all tokens billed at the full input price (cache reads and writes excluded). */
  inputShare: share(true).nullable().default(null),
  cachedInputShare: share().default(0),
  cacheWriteShare: share().default(0),
  /** A known monthly API bill; replaces tokens × prices. */
  apiMonthlyUsd: nonNegative(true).nullable().default(null),
  monthlyGrowth: z
    .number({ error: 'expected a monthly growth rate above -1, such as 0.05 for 5%' })
    .gt(-1, 'expected a monthly growth rate above -1, such as 0.05 for 5%')
    .default(0),
  /** Forecast tokens for month 1, 2, …; the last value holds afterwards. */
  forecastTokensPerMonth: z
    .array(nonNegative(), { error: 'expected a list of non-negative numbers or null' })
    .min(1, 'expected at least one month')
    .nullable()
    .default(null),
});

export const apiPricesSchema = z.strictObject({
  inputPerMTok: nonNegative(true).nullable().default(null),
  outputPerMTok: nonNegative(true).nullable().default(null),
  cachedInputPerMTok: nonNegative(true).nullable().default(null),
  cacheWritePerMTok: nonNegative(true).nullable().default(null),
});

export const selfHostedSchema = z.strictObject({
  /** Catalog GPU id: fills price and power when they are not given. */
  gpu: catalogId.nullable().default(null),
  /** Catalog model id: with `gpu`, fills throughput from published vLLM runs. */
  model: catalogId.nullable().default(null),
  /**
   * Why no GPU configuration could be sized for the model (no published throughput): buying and
   * renting are then listed as unavailable with this reason and only the APIs are compared.
   */
  unsizedReason: z
    .string({ error: 'expected a text saying why nothing could be sized, or null' })
    .max(500)
    .nullable()
    .default(null),
  precision: z
    .enum(PRECISIONS as [string, ...string[]], { error: `expected one of ${PRECISIONS.join(', ')}` })
    .default('fp16'),
  gpuCount: positiveWhole().default(1),
  gpuUnitPriceUsd: nonNegative(true).nullable().default(null),
  otherCapexUsd: nonNegative().default(0),
  gpuPowerWatts: nonNegative(true).nullable().default(null),
  hoursPerMonth: z
    .number({ error: 'expected hours between 0 and 744' })
    .positive('expected hours between 0 and 744')
    .max(744, 'expected hours between 0 and 744')
    .default(730),
  pue: z.number({ error: 'expected a PUE of at least 1' }).min(1, 'expected a PUE of at least 1').default(1),
  electricityUsdPerKwh: nonNegative(true).nullable().default(null),
  /** A measured electricity cost; replaces watts × hours × PUE × $/kWh. */
  electricityUsdPerMonth: nonNegative(true).nullable().default(null),
  hostingUsdPerMonth: nonNegative().default(0),
  personnelUsdPerMonth: nonNegative().default(0),
  maintenanceUsdPerMonth: nonNegative().default(0),
  amortizationMonths: positive().default(36),
  /** Tokens per second (input and output together) the deployment sustains for this workload. */
  throughputTokensPerSec: positive(true).nullable().default(null),
  /** Sequences in flight at once: each holds a full context of KV cache. */
  concurrency: positiveWhole().default(1),
  /** Context length each sequence may fill (prompt + output). */
  contextTokens: positiveWhole().default(4096),
  /** Time per output token each sequence must keep; with concurrency it bounds the throughput. */
  latencyTargetMsPerToken: positive(true).nullable().default(null),
  /** Renting instead of buying: price per GPU-hour and hours scheduled per month (null: catalog). */
  rent: z
    .strictObject(
      {
        usdPerGpuHour: nonNegative(),
        hoursPerMonth: z
          .number({ error: 'expected hours between 0 and 744' })
          .positive('expected hours between 0 and 744')
          .max(744, 'expected hours between 0 and 744'),
      },
      { error: 'expected { "usdPerGpuHour": n, "hoursPerMonth": n } or null' },
    )
    .nullable()
    .default(null),
  /** What one deployment's hardware sells for at the end of amortization. */
  resaleValueUsd: nonNegative().default(0),
});

export const hostedOpenModelSchema = z.strictObject(
  {
    inputPerMTok: nonNegative(),
    outputPerMTok: nonNegative(),
    /** Where the price comes from (a price-book entry, a quote); shown with the option. */
    source: z.string({ error: 'expected a text saying where the price comes from' }).max(500).optional(),
  },
  { error: 'expected { "inputPerMTok": n, "outputPerMTok": n } or null' },
);

export const breakevenScenarioSchema = z.strictObject({
  workload: workloadSchema.prefault({}),
  api: apiPricesSchema.prefault({}),
  selfHosted: selfHostedSchema.prefault({}),
  horizonMonths: positiveWhole().default(60),
  targetBreakEvenMonths: positive().default(12),
  /**
   * The same open model from a hosted open-model API, per million tokens. null: priced from the
   * price book (the cheapest open-weight host listing selfHosted.model), else not compared.
   */
  hostedOpenModel: hostedOpenModelSchema.nullable().default(null),
  /** Yearly discount rate for the net present value (0.08 = 8%). */
  discountRatePerYear: share().default(0.08),
  /** The organization's constraints: an option it does not allow is listed but never chosen. */
  allowBuy: z.boolean({ error: 'expected true or false' }).default(true),
  allowRent: z.boolean({ error: 'expected true or false' }).default(true),
});

export type BreakevenScenario = z.output<typeof breakevenScenarioSchema>;
export type BreakevenScenarioInput = z.input<typeof breakevenScenarioSchema>;

export type ScenarioParseResult = { ok: true; scenario: BreakevenScenario } | { ok: false; problems: string[] };

/** Validates a scenario; on failure, lists every problem by path. */
export function parseBreakevenScenario(input: unknown, catalogOverrides?: CatalogOverrides): ScenarioParseResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problems: [`scenario: expected a JSON object, got ${describeValue(input)}`] };
  }
  const catalogs = resolveCatalogs(catalogOverrides);
  const whole = breakevenScenarioSchema.safeParse(input);
  const problems = whole.success ? [] : formatZodIssues(whole.error.issues, input);
  const raw = input as Record<string, unknown>;
  problems.push(
    ...crossFieldProblems(
      validFields(workloadSchema, raw.workload),
      validFields(apiPricesSchema, raw.api),
      validFields(selfHostedSchema, raw.selfHosted),
      catalogs,
    ),
  );
  if (problems.length > 0 || !whole.success) return { ok: false, problems };
  return { ok: true, scenario: whole.data };
}

/**
 * The fields of a section that are valid on their own (defaults applied); invalid ones are left
 * out, so rules between fields still run on the rest and report their problems in the same pass.
 */
function validFields<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  value: unknown,
): Partial<z.output<z.ZodObject<Shape>>> {
  const source =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const fields: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    const parsed = (fieldSchema as z.ZodType).safeParse(source[key]);
    if (parsed.success) fields[key] = parsed.data;
  }
  return fields as Partial<z.output<z.ZodObject<Shape>>>;
}

type Workload = z.output<typeof workloadSchema>;
type ApiPrices = z.output<typeof apiPricesSchema>;
type SelfHosted = z.output<typeof selfHostedSchema>;

/** True when the API cost comes from tokens × prices rather than a known bill. */
export function usesTokenPrices(workload: Pick<Workload, 'apiMonthlyUsd'>): boolean {
  return workload.apiMonthlyUsd === null;
}

/** The catalog's vLLM throughput for the scenario's model and GPU, if it names both. */
export function catalogThroughputFor(selfHosted: SelfHosted, catalogs: Catalogs) {
  if (selfHosted.model === null || selfHosted.gpu === null) return null;
  return lookUpVllmThroughput(
    catalogs,
    selfHosted.model,
    selfHosted.gpu,
    selfHosted.gpuCount,
    selfHosted.precision as (typeof PRECISIONS)[number],
  );
}

// Every rule checks only fields that are valid on their own (undefined = invalid, already reported).
function crossFieldProblems(
  workload: Partial<Workload>,
  api: Partial<ApiPrices>,
  selfHosted: Partial<SelfHosted>,
  catalogs: Catalogs,
): string[] {
  const problems: string[] = [];
  const w = workload;
  const { inputShare, cachedInputShare, cacheWriteShare } = w;
  if (inputShare !== undefined && cachedInputShare !== undefined && cacheWriteShare !== undefined) {
    const total = (inputShare ?? 0) + cachedInputShare + cacheWriteShare;
    if (total > 1 + 1e-12) {
      problems.push(
        `workload: inputShare + cachedInputShare + cacheWriteShare must not exceed 1 (output is the rest), ` +
          `got ${Number(total.toFixed(6))}`,
      );
    }
  }
  const forecast = w.forecastTokensPerMonth;
  if (forecast !== undefined && forecast !== null && w.monthlyGrowth !== undefined && w.monthlyGrowth !== 0) {
    problems.push('workload.monthlyGrowth: give either workload.forecastTokensPerMonth or a growth rate, not both');
  }
  if (forecast !== undefined && forecast !== null && w.matchCapacity === true) {
    problems.push('workload.matchCapacity: cannot be combined with workload.forecastTokensPerMonth');
  }
  if (
    w.apiMonthlyUsd !== undefined &&
    w.matchCapacity !== undefined &&
    forecast !== undefined &&
    w.tokensPerMonth !== undefined
  ) {
    const fromBill = w.apiMonthlyUsd !== null;
    const volumeGiven = w.matchCapacity || forecast !== null;
    if (!fromBill && !volumeGiven && w.tokensPerMonth === null) {
      problems.push(
        'workload.tokensPerMonth: required unless workload.apiMonthlyUsd, ' +
          'workload.forecastTokensPerMonth or workload.matchCapacity is given',
      );
    }
    if (fromBill && volumeGiven && w.tokensPerMonth === null) {
      problems.push(
        'workload.tokensPerMonth: required with workload.apiMonthlyUsd when the volume changes ' +
          '(matchCapacity or a forecast), to turn the bill into a cost per token',
      );
    }
  }
  if (w.apiMonthlyUsd !== undefined && w.apiMonthlyUsd !== null && w.apiMonthlyUsd > 0 && w.tokensPerMonth === 0) {
    problems.push(
      'workload.tokensPerMonth: a bill for 0 tokens has no cost per token; ' +
        'give the volume the bill pays for, or omit it',
    );
  }
  if (w.apiMonthlyUsd === null) {
    // The bill is not known, so it comes from tokens × prices: both must be there.
    if (inputShare === null) problems.push('workload.inputShare: required unless workload.apiMonthlyUsd is given');
    if (api.inputPerMTok === null) problems.push('api.inputPerMTok: required unless workload.apiMonthlyUsd is given');
    if (api.outputPerMTok === null) problems.push('api.outputPerMTok: required unless workload.apiMonthlyUsd is given');
    if (cachedInputShare !== undefined && cachedInputShare > 0 && api.cachedInputPerMTok === null) {
      problems.push('api.cachedInputPerMTok: required when workload.cachedInputShare is above 0');
    }
    if (cacheWriteShare !== undefined && cacheWriteShare > 0 && api.cacheWritePerMTok === null) {
      problems.push('api.cacheWritePerMTok: required when workload.cacheWriteShare is above 0');
    }
  }

  const h = selfHosted;
  const gpuKnown = h.gpu === undefined || h.gpu === null || catalogs.gpus.some((gpu) => gpu.id === h.gpu);
  if (!gpuKnown) {
    problems.push(
      `selfHosted.gpu: unknown GPU ${describeValue(h.gpu)}; known: ${catalogs.gpus.map((g) => g.id).join(', ')}`,
    );
  }
  if (h.model !== undefined && h.model !== null && !catalogs.models.some((model) => model.id === h.model)) {
    problems.push(
      `selfHosted.model: unknown model ${describeValue(h.model)}; ` +
        `known: ${catalogs.models.map((m) => m.id).join(', ')}`,
    );
  }
  if (h.gpuUnitPriceUsd === null && h.gpu === null) {
    problems.push('selfHosted.gpuUnitPriceUsd: required unless selfHosted.gpu names a catalog GPU');
  }
  if (h.electricityUsdPerMonth === null) {
    if (h.gpuPowerWatts === null && h.gpu === null) {
      problems.push(
        'selfHosted.gpuPowerWatts: required unless selfHosted.electricityUsdPerMonth or selfHosted.gpu is given',
      );
    }
    if (h.electricityUsdPerKwh === null) {
      problems.push('selfHosted.electricityUsdPerKwh: required unless selfHosted.electricityUsdPerMonth is given');
    }
  }
  if (w.matchCapacity === true && h.throughputTokensPerSec === null) {
    const complete =
      h.model !== undefined && h.gpu !== undefined && h.gpuCount !== undefined && h.precision !== undefined;
    const catalogThroughput = complete && gpuKnown ? catalogThroughputFor(h as SelfHosted, catalogs) : null;
    if (complete && catalogThroughput === null) {
      problems.push(
        'workload.matchCapacity: needs selfHosted.throughputTokensPerSec, ' +
          'or selfHosted.model and selfHosted.gpu with a catalog throughput for that GPU count and precision',
      );
    }
  }
  return problems;
}
