// An organization's own entry in the substitute catalog: the open models it would consider for one
// API model, best first, each with the published scores behind it (source, address and date per
// figure, as in the bundled catalog). Validated here so the API and the CLI refuse alike, naming
// the field; substitutes must be open models the sizing catalog knows, or they could not be priced.
import { z } from 'zod';
import { OPEN_MODEL_CATALOG } from '../catalogs/open-models';
import { PRECISIONS, Precision } from '../catalogs/precision';
import { formatZodIssues } from '../scenario/scenario-problems';
import { SubstituteEntry, substituteKey } from './substitute-catalog';

const text = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, `expected ${what}`);
const percent = z
  .number({ error: 'expected a score from 0 to 100' })
  .min(0, 'expected a score from 0 to 100')
  .max(100, 'expected a score from 0 to 100');

const publishedScore = z.strictObject({
  score: percent,
  source: text('who published the score'),
  url: z.url({ protocol: /^https?$/, error: 'expected the http(s) address where the score is published' }),
  date: z.iso.date({ error: 'expected the publication date as YYYY-MM-DD' }),
});

const openModelIds = OPEN_MODEL_CATALOG.map((m) => m.id);

const substituteModel = z.strictObject({
  model: z.enum(openModelIds as [string, ...string[]], {
    error: `expected an open model of the sizing catalog: ${openModelIds.join(', ')}`,
  }),
  precision: z.enum(PRECISIONS as [Precision, ...Precision[]], { error: `expected one of ${PRECISIONS.join(', ')}` }),
  parametersB: z.number({ error: 'expected billions of parameters' }).positive('expected billions of parameters'),
  reasoning: z.boolean({ error: 'expected true or false' }),
  contextTokens: z.number({ error: 'expected a token count' }).int('expected a token count').positive(),
  toolUse: z.boolean({ error: 'expected true or false' }),
  expectedTokenRatio: z
    .number({ error: 'expected tokens per API token, such as 1.1' })
    .positive('expected tokens per API token, such as 1.1'),
  tokenRatioBasis: text('why the token ratio is what it is'),
  evidence: z.array(
    z.strictObject({ benchmark: text('a benchmark name'), api: publishedScore, open: publishedScore }),
    { error: 'expected a list of published benchmark scores (may be empty)' },
  ),
});

export const substituteEntryOverrideSchema = z.strictObject({
  provider: text('the API provider id, such as "openai"'),
  /** More API model ids the same entry covers (the one in the path is always covered). */
  aliases: z.array(text('API model ids')).default([]),
  reasoning: z.boolean({ error: 'expected true or false' }),
  contextTokens: z.number({ error: 'expected a token count' }).int('expected a token count').positive(),
  substitutes: z.array(substituteModel, { error: 'expected a list of substitutes, best first (may be empty)' }),
});

export type SubstituteOverrideResult = { ok: true; entry: SubstituteEntry } | { ok: false; problems: string[] };

/**
 * The entry for `apiModel` from a request body; reasoning models may only be given reasoning
 * substitutes (a non-reasoning model would be compared with the wrong work).
 */
export function parseSubstituteOverride(apiModel: string, body: unknown): SubstituteOverrideResult {
  if (substituteKey(apiModel).trim() === '') return { ok: false, problems: ['model: expected an API model id'] };
  const parsed = substituteEntryOverrideSchema.safeParse(body);
  if (!parsed.success) return { ok: false, problems: formatZodIssues(parsed.error.issues, body) };
  const { aliases, ...entry } = parsed.data;
  const problems = entry.reasoning
    ? entry.substitutes
        .map((s, i) => (s.reasoning ? null : `substitutes[${i}].reasoning: a reasoning model maps to reasoning models`))
        .filter((p): p is string => p !== null)
    : [];
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, entry: { ...entry, apiModels: [...new Set([apiModel, ...aliases])] } };
}

/** The override list with `entry` in place of any entry that covered one of its API models. */
export function withSubstituteOverride(
  overrides: readonly SubstituteEntry[],
  entry: SubstituteEntry,
): SubstituteEntry[] {
  const keys = new Set(entry.apiModels.map(substituteKey));
  const rest = overrides
    .map((e) => ({ ...e, apiModels: e.apiModels.filter((m) => !keys.has(substituteKey(m))) }))
    .filter((e) => e.apiModels.length > 0);
  return [entry, ...rest];
}

/** The override list without `apiModel` (the bundled entry, if any, applies again). */
export function withoutSubstituteOverride(overrides: readonly SubstituteEntry[], apiModel: string): SubstituteEntry[] {
  const key = substituteKey(apiModel);
  return overrides
    .map((e) => ({ ...e, apiModels: e.apiModels.filter((m) => substituteKey(m) !== key) }))
    .filter((e) => e.apiModels.length > 0);
}
