// GET …/history of a versioned setting (the organization assumptions, the substitute catalog): the
// versions newest first, `limit` of them (1 to 500, 50 when not asked).
import { z } from 'zod';
import { validateRequestPart } from './request-validation';

const LIMIT = 'expected a whole number from 1 to 500';

export const versionHistoryQuery = z.strictObject({
  limit: z.coerce.number({ error: LIMIT }).int(LIMIT).min(1, LIMIT).max(500, LIMIT).optional(),
});

/** `{ versions }`, read with the limit the query asks for (checked: a 400 names `query.limit`). */
export async function versionHistory<T>(
  query: unknown,
  read: (limit: number) => Promise<T[]>,
): Promise<{ versions: T[] }> {
  const { limit } = validateRequestPart(versionHistoryQuery, query, 'query');
  return { versions: await read(limit ?? 50) };
}
