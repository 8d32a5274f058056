// GET /v1/usage and /v1/usage.csv query parameters. `from`/`to` are instants with an offset
// (`2026-11-02T00:00:00Z`) or local dates/times read in `tz` (`2026-11-02`); `to` is exclusive.
import { USAGE_GROUP_BY, USAGE_WINDOWS, UsageGroupBy } from '@tokenmeter/db';
import { z } from 'zod';
import { paginationShape } from '../http/pagination';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?)?$/;

export const timeBound = z
  .string()
  .refine(
    (value) =>
      (INSTANT.test(value) || LOCAL.test(value)) &&
      !Number.isNaN(Date.parse(LOCAL.test(value) ? `${value.length === 10 ? `${value}T00:00` : value}Z` : value)),
    {
      message: 'expected an ISO 8601 date (2026-11-02, read in tz) or date-time with offset (2026-11-02T00:00:00Z)',
    },
  );

export const isLocalBound = (value: string) => LOCAL.test(value);

const groupByList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const columns = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = columns.filter((c) => !(USAGE_GROUP_BY as readonly string[]).includes(c));
    if (unknown.length) {
      ctx.addIssue({ code: 'custom', message: `expected a comma-separated list of ${USAGE_GROUP_BY.join(', ')}` });
      return z.NEVER;
    }
    return [...new Set(columns)] as UsageGroupBy[];
  })
  .describe(`comma-separated: ${USAGE_GROUP_BY.join(', ')}`);

const filterValue = z
  .string()
  .min(1, 'expected a non-empty value')
  .max(200, 'expected at most 200 characters')
  .optional();

export const usageQueryParams = z.strictObject({
  from: timeBound.describe('inclusive start'),
  to: timeBound.describe('exclusive end'),
  groupBy: groupByList,
  window: z.enum(USAGE_WINDOWS).default('day'),
  tz: z.string().min(1).max(64).default('UTC').describe('IANA time zone, e.g. Europe/Paris'),
  team: filterValue,
  project: filterValue,
  provider: filterValue,
  model: filterValue,
  deployment: filterValue,
  serviceTier: filterValue.describe('batch, flex, priority (standard calls have none)'),
  ...paginationShape,
});

export type UsageQueryParams = z.output<typeof usageQueryParams>;
