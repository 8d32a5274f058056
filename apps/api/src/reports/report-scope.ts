// Which report a caller gets: a week that exists and has started, and the version their key may
// read (finops: the organization's or any team's; a team key: its own team's, 403 for another).
import { HttpStatus } from '@nestjs/common';
import { parseIsoWeek, teamSlugSchema } from '@tokenmeter/contracts';
import { z } from 'zod';
import type { Principal } from '../auth/principal';
import { scopedTeam } from '../auth/team-scope';
import { ApiError } from '../http/api-error';

export const isoWeekField = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, 'expected an ISO week YYYY-Www, e.g. 2026-W47')
  .describe('ISO week, e.g. 2026-W47');

/** Reports start here: TokenMeter holds no usage from before, and an older week is a typo or a probe. */
export const FIRST_REPORT_WEEK = '2000-W01';

export const reportQuery = z.strictObject({
  team: teamSlugSchema.optional().describe("team slug (finops keys); a team key always reads its own team's report"),
});

export function reportWeek(week: string, now: Date, path = 'path.week'): string {
  const parsed = isoWeekField.safeParse(week);
  if (!parsed.success)
    throw new ApiError(HttpStatus.BAD_REQUEST, [
      { path, message: `${path}: ${parsed.error.issues[0]!.message}, got ${JSON.stringify(week)}` },
    ]);
  const range = parseIsoWeek(week);
  if (!range)
    throw new ApiError(HttpStatus.BAD_REQUEST, [
      { path, message: `${path}: expected a week that exists in that ISO year (01–52 or 53), got "${week}"` },
    ]);
  if (range.start.getTime() < parseIsoWeek(FIRST_REPORT_WEEK)!.start.getTime())
    throw new ApiError(HttpStatus.BAD_REQUEST, [
      { path, message: `${path}: expected a week from ${FIRST_REPORT_WEEK} on, got "${week}"` },
    ]);
  if (range.start.getTime() > now.getTime())
    throw new ApiError(HttpStatus.NOT_FOUND, [{ path, message: `${path}: week ${week} has not started yet` }]);
  return week;
}

/** The report version the principal reads: null = the organization's. */
export function reportTeam(principal: Principal, requested: string | undefined): string | null {
  return scopedTeam(principal, requested) ?? null;
}

export function principalLabel(principal: Principal): string {
  return principal.role === 'finops' ? 'finops · whole organization' : `${principal.role} · team ${principal.team}`;
}
