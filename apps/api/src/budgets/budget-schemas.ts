// What /v1/budgets and the budgets page accept: one definition, so a budget set from the page is
// checked exactly as one set through the API.
import { MAX_PROJECT_LENGTH, TEAM_SLUG_PATTERN } from '@tokenmeter/contracts';
import { BUDGET_UNITS } from '@tokenmeter/finops';
import { z } from 'zod';

const team = z.string().regex(TEAM_SLUG_PATTERN, { message: 'expected a team slug' }).max(64);
const project = z.string().min(1).max(MAX_PROJECT_LENGTH);

const apiKeyId = z.uuid({ message: 'expected an API key id (a UUID, as `keys create` prints it)' });

export const budgetStatusQuery = z.strictObject({
  team: team.optional(),
  project: project.optional(),
  key: apiKeyId.optional().describe("an API key id: that key's budget applies too"),
});
export const budgetListQuery = z.strictObject({ team: team.optional() });

export const putBudgetBody = z.strictObject({
  team,
  project: project.nullable().default(null).describe('null: the whole team'),
  key: apiKeyId
    .nullable()
    .default(null)
    .describe('a key budget: only records this API key of the team signed count (project must be null)'),
  unit: z.enum(BUDGET_UNITS, { message: `expected one of ${BUDGET_UNITS.join(', ')}` }).default('usd'),
  amount: z
    .string()
    .regex(/^\d{1,18}(\.\d{1,6})?$/, {
      message: 'expected a positive decimal string with at most 18 digits before and 6 after the point',
    })
    .refine((value) => Number(value) > 0, { message: 'expected an amount above 0' })
    .describe('per calendar month (UTC): USD, or tokens (input + cached + cache write + output)'),
  hardLimit: z.boolean().default(false).describe('true: state "exceeded" tells a gateway to refuse requests'),
});

export const BUDGET_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
