import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../http/api-error';
import { keyOfRole, type Principal } from './principal';

/**
 * The team a read is limited to: whatever a finops key asked for (undefined = every team); for any
 * other key its own team, and asking for another team is a 403, never an empty result.
 */
export function scopedTeam(
  principal: Principal,
  requested: string | undefined,
  path = 'query.team',
): string | undefined {
  if (principal.role === 'finops') return requested;
  if (requested !== undefined && requested !== principal.team) {
    throw new ApiError(HttpStatus.FORBIDDEN, [
      {
        path,
        message: `${path}: ${keyOfRole(principal.role)} reads only team "${principal.team}", got "${requested}"`,
      },
    ]);
  }
  return principal.team ?? undefined;
}
