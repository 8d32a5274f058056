import { HttpStatus } from '@nestjs/common';
import { ApiError } from './api-error';

/**
 * One request reads at most maxDays (API_MAX_RANGE_DAYS): a range of decades would scan every
 * partition for one answer. A longer range is asked for in parts.
 */
export function checkRangeLength(from: Date, to: Date, maxDays: number, path = 'query.to'): void {
  if (to.getTime() - from.getTime() > maxDays * 86_400_000)
    throw new ApiError(HttpStatus.BAD_REQUEST, [
      { path, message: `${path}: expected a range of at most ${maxDays} days (API_MAX_RANGE_DAYS); ask in parts` },
    ]);
}
