// A self-hosted deployment as users describe it (PUT /v1/deployments/:name, `tokenmeter deployments
// upsert --file`): what it serves, on which GPUs, and what it costs. Money and rates arrive as JSON
// numbers or decimal strings and leave as decimal strings, so nothing is rounded through a float.
// Bounds match the `deployments` columns, and a deployment's name and model fit the usage columns
// they are copied into (`<servedModel>@<name>` ≤ 200 characters).
import { z } from 'zod';
import { SERVING_ENGINES } from './serving-engine';
import { boundedTextSchema, teamSlugSchema } from './usage-field-schemas';
import { FieldError, fieldError, safeParseReporting, zodIssuesToFieldErrors } from './validation-error';

export const MAX_DEPLOYMENT_NAME_LENGTH = 64;
/** Weight precisions a deployment can register (the sizing catalogs' `Precision`; fp16 stands for BF16 too). */
export const DEPLOYMENT_PRECISIONS = ['fp16', 'fp8', 'int8', 'int4'] as const;
export type DeploymentPrecision = (typeof DEPLOYMENT_PRECISIONS)[number];
const PRECISION_EXPECTATION = `expected the weights precision: one of ${DEPLOYMENT_PRECISIONS.join(', ')}, or null`;
export const MAX_SERVED_MODEL_LENGTH = 135;
const MAX_URL_LENGTH = 500;
const MAX_LABELS = 16;

export const DEPLOYMENT_NAME_EXPECTATION =
  `expected a deployment name: 1 to ${MAX_DEPLOYMENT_NAME_LENGTH} letters, digits, '.', '_' or '-', ` +
  `starting with a letter or digit`;
const DEPLOYMENT_NAME = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${MAX_DEPLOYMENT_NAME_LENGTH - 1}}$`);

export function isDeploymentName(name: string): boolean {
  return DEPLOYMENT_NAME.test(name);
}

/** The canonical decimal text of a non-negative number or decimal string, or null when it does not fit. */
function decimalText(value: unknown, integerDigits: number, scale: number): string | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string') text = value.trim();
  else return null;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  const integer = m[1].replace(/^0+(?=\d)/, '');
  const fraction = (m[2] ?? '').replace(/0+$/, '');
  if (integer.length > integerDigits || fraction.length > scale) return null;
  return fraction ? `${integer}.${fraction}` : integer;
}

function decimalSchema(
  what: string,
  integerDigits: number,
  scale: number,
  range: { min?: number; minExclusive?: number; max?: number } = {},
) {
  const bounds = [
    range.min !== undefined
      ? `at least ${range.min}`
      : range.minExclusive !== undefined
        ? `above ${range.minExclusive}`
        : 'at least 0',
    range.max !== undefined ? `at most ${range.max}` : null,
  ].filter(Boolean);
  const expectation =
    `expected ${what}: a number ${bounds.join(' and ')}, ` +
    `with at most ${integerDigits} digits before the decimal point and ${scale} after ` +
    `(a JSON number or a decimal string)`;
  return z.unknown().transform((value, ctx) => {
    const text = decimalText(value, integerDigits, scale);
    const n = text === null ? NaN : Number(text);
    const ok =
      text !== null &&
      (range.min === undefined || n >= range.min) &&
      (range.minExclusive === undefined || n > range.minExclusive) &&
      (range.max === undefined || n <= range.max);
    if (!ok) {
      ctx.addIssue({ code: 'custom', message: expectation, input: value });
      return z.NEVER;
    }
    return text as string;
  });
}

function integerSchema(what: string, min: number, max: number) {
  const expectation = `expected ${what}: an integer from ${min} to ${max}`;
  return z
    .number({ error: expectation })
    .int({ error: expectation })
    .min(min, { error: expectation })
    .max(max, { error: expectation });
}

const URL_EXPECTATION =
  `expected an http:// or https:// URL of at most ${MAX_URL_LENGTH} characters, ` +
  `e.g. http://10.0.0.5:8000/metrics, or null`;
// Which parser reads the deployment's lines on the self-hosted logs topic (`vllm.logs`).
const ENGINE_EXPECTATION = `expected the serving engine: one of ${SERVING_ENGINES.join(', ')}`;
const engineSchema = z.enum(SERVING_ENGINES, { error: ENGINE_EXPECTATION }).default('vllm');

const metricsUrlSchema = z
  .string({ error: URL_EXPECTATION })
  .max(MAX_URL_LENGTH, { error: URL_EXPECTATION })
  .refine(
    (value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { error: URL_EXPECTATION },
  )
  .nullable()
  .default(null);

// Kubernetes label syntax: an optional DNS prefix and `/`, then a name of up to 63 characters.
const LABEL_KEY = /^(?:[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(?:[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/;
const LABELS_EXPECTATION =
  // biome-ignore lint/style/useTemplate: two literals keep the line within 120 characters
  `expected an object of at most ${MAX_LABELS} Kubernetes labels (string values), ` + `e.g. {"app": "vllm-70b"}`;
const LABEL_KEY_EXPECTATION = 'expected a Kubernetes label key such as "app" or "app.kubernetes.io/name"';
const LABEL_VALUE_EXPECTATION =
  'expected a Kubernetes label value: up to 63 letters, digits, "-", "_" or ".", ' +
  'starting and ending with a letter or digit';

const labelsSchema = z
  .record(z.string(), z.string({ error: LABEL_VALUE_EXPECTATION }), { error: LABELS_EXPECTATION })
  .superRefine((labels, ctx) => {
    const keys = Object.keys(labels);
    if (keys.length > MAX_LABELS) ctx.addIssue({ code: 'custom', message: LABELS_EXPECTATION, input: keys.length });
    for (const key of keys) {
      if (!LABEL_KEY.test(key))
        ctx.addIssue({ code: 'custom', message: LABEL_KEY_EXPECTATION, path: [key], input: key });
      else if (!LABEL_VALUE.test(labels[key]))
        ctx.addIssue({ code: 'custom', message: LABEL_VALUE_EXPECTATION, path: [key], input: labels[key] });
    }
  })
  .default({});

export const deploymentSpecSchema = z.strictObject({
  team: teamSlugSchema,
  servedModel: boundedTextSchema(MAX_SERVED_MODEL_LENGTH, 'a model name such as llama-3.1-70b'),
  engine: engineSchema,
  gpuType: boundedTextSchema(64, 'a GPU type such as h100-80gb'),
  gpuCount: integerSchema('a GPU count', 1, 100_000),
  gpuUnitPriceUsd: decimalSchema('a price per GPU in USD', 12, 2),
  otherCapexUsd: decimalSchema('other capex in USD', 12, 2).default('0'),
  gpuPowerWatts: integerSchema('watts per GPU', 1, 100_000),
  pue: decimalSchema('a power usage effectiveness', 1, 2, { min: 1, max: 9.99 }).default('1.2'),
  electricityUsdPerKwh: decimalSchema('a price per kWh in USD', 4, 4),
  hostingUsdPerMonth: decimalSchema('a monthly hosting cost in USD', 12, 2).default('0'),
  personnelUsdPerMonth: decimalSchema('a monthly personnel cost in USD', 12, 2).default('0'),
  maintenanceUsdPerMonth: decimalSchema('a monthly maintenance cost in USD', 12, 2).default('0'),
  amortizationMonths: integerSchema('an amortization period in months', 1, 600).default(36),
  ratedThroughputTokensPerSec: decimalSchema('a rated throughput in tokens/s', 10, 2, { minExclusive: 0 })
    .nullable()
    .default(null),
  precision: z.enum(DEPLOYMENT_PRECISIONS, { error: PRECISION_EXPECTATION }).nullable().default(null),
  concurrency: integerSchema('the sequences served at once (vLLM max_num_seqs)', 1, 100_000).nullable().default(null),
  logStatsIntervalSec: decimalSchema("vLLM's stats logging interval in seconds (VLLM_LOG_STATS_INTERVAL)", 4, 2, {
    minExclusive: 0,
  }).default('10'),
  vllmMetricsUrl: metricsUrlSchema,
  dcgmMetricsUrl: metricsUrlSchema,
  kubernetesLabels: labelsSchema,
  inServiceSince: z.iso
    .datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2026-01-01T00:00:00Z, or null' })
    .nullable()
    .default(null)
    .transform((value) => (value === null ? null : new Date(value))),
});

export type DeploymentSpec = z.output<typeof deploymentSpecSchema>;

export type DeploymentSpecResult = { ok: true; spec: DeploymentSpec } | { ok: false; errors: FieldError[] };

/** Validates a deployment body; every problem is reported, each naming its field. */
export function parseDeploymentSpec(input: unknown, prefix = ''): DeploymentSpecResult {
  const result = safeParseReporting(deploymentSpecSchema, input);
  if (result.success) return { ok: true, spec: result.data };
  return { ok: false, errors: zodIssuesToFieldErrors(result.error.issues, prefix) };
}

/** Null when the name is fine, else the error for `path`. */
export function deploymentNameError(name: unknown, path: string): FieldError | null {
  if (typeof name === 'string' && isDeploymentName(name)) return null;
  const shown =
    typeof name === 'string' ? JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name) : typeof name;
  return fieldError(path, `${DEPLOYMENT_NAME_EXPECTATION}, got ${shown}`);
}
