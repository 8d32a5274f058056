// Turns validated parameters and the caller into a repository query (time zone checked against
// Postgres, team scoped by the key), and repository rows into the API's row shape.
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { USAGE_QUANTITY_FIELDS } from '@tokenmeter/contracts';
import {
  UsageGroupBy,
  UsageQuery,
  UsageQueryRepository,
  UsageQueryRow,
  UsageTextRow,
  UsageWindow,
  usageQueryRow,
} from '@tokenmeter/db';
import type { Principal } from '../auth/principal';
import { scopedTeam } from '../auth/team-scope';
import { ApiError } from '../http/api-error';
import { checkRangeLength } from '../http/range-limit';
import { formatOffset, instantOfLocalTime } from '../http/zoned-time';
import { pageInPieces, readInPieces } from './read-in-pieces';
import { isLocalBound, UsageQueryParams } from './usage-query-params';

/** JSON has no 64-bit integer: a token sum past 2^53 goes out as a decimal string instead of a wrong number. */
export type TokenCount = number | string;

/** A row of the answer: the window, each grouped-by column (null where absent), the sums. */
export type UsageRow = { windowStart: string } & { [G in UsageGroupBy]?: string | null } & UsageSums;

interface UsageSums {
  inputTokens: TokenCount;
  cachedInputTokens: TokenCount;
  cacheWriteTokens: TokenCount;
  outputTokens: TokenCount;
  reasoningTokens: TokenCount;
  requests: TokenCount;
  /** What the row's priced records cost at ingestion; null when none has a price (self-hosted tokens). */
  costUsd: string | null;
}

export const USAGE_METRICS = [...USAGE_QUANTITY_FIELDS, 'costUsd'] as const;

/** A step no longer than the window's shortest bucket, so bucketStarts finds (nearly) every bucket's start. */
const BUCKET_STEP: Record<UsageWindow, string> = { hour: '1 hour', day: '1 day', week: '7 days', month: '28 days' };
/** allRows' first run: a day of hours, two weeks of days, two months of weeks, a quarter of months. */
const FIRST_PIECE_BUCKETS: Record<UsageWindow, number> = { hour: 24, day: 14, week: 8, month: 3 };

function tokenCount(value: bigint): TokenCount {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

@Injectable()
export class UsageQueryService {
  constructor(
    private readonly repository: UsageQueryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async toQuery(params: UsageQueryParams, principal: Principal): Promise<Omit<UsageQuery, 'offset' | 'limit'>> {
    const team = scopedTeam(principal, params.team);
    const zones = await this.repository.timeZoneNames();
    if (!zones.has(params.tz) || !intlKnows(params.tz)) {
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        {
          path: 'query.tz',
          message: `query.tz: expected an IANA time zone name such as Europe/Paris, got "${params.tz}"`,
        },
      ]);
    }
    const bound = (value: string) => (isLocalBound(value) ? instantOfLocalTime(value, params.tz) : new Date(value));
    const from = bound(params.from);
    const to = bound(params.to);
    if (to <= from)
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        {
          path: 'query.to',
          message: `query.to: expected a time after query.from (${params.from}), got "${params.to}"`,
        },
      ]);
    checkRangeLength(from, to, this.config.API_MAX_RANGE_DAYS);
    const filters: Partial<Record<UsageGroupBy, string>> = {
      team,
      project: params.project,
      provider: params.provider,
      model: params.model,
      deployment: params.deployment,
      serviceTier: params.serviceTier,
    };
    return { from, to, groupBy: params.groupBy, window: params.window, timeZone: params.tz, filters };
  }

  /**
   * One page of the answer: `limit` rows from `offset` on, read from the range's start only as far as they
   * reach (read-in-pieces.ts), so the first pages of a long range cost what their buckets do.
   */
  async rows(query: Omit<UsageQuery, 'offset' | 'limit'>, offset: number, limit: number): Promise<UsageRow[]> {
    const starts = await this.repository.bucketStarts(query, BUCKET_STEP[query.window]);
    const rows = await pageInPieces([query.from, ...starts, query.to], offset, limit, (from, to, skip, most) =>
      this.repository.usageText({ ...query, from, to, offset: skip, limit: most }),
    );
    return rows.map((row) => toUsageRow(usageQueryRow(row, query.groupBy), query.groupBy));
  }

  /**
   * Every row of the answer as Postgres's text (for the CSV), in order, a run of whole buckets at a time
   * (read-in-pieces.ts). A failing first read fails the first next(), before anything is sent.
   */
  async *allText(query: Omit<UsageQuery, 'offset' | 'limit'>): AsyncGenerator<UsageTextRow[]> {
    const starts = await this.repository.bucketStarts(query, BUCKET_STEP[query.window]);
    yield* readInPieces([query.from, ...starts, query.to], FIRST_PIECE_BUCKETS[query.window], (from, to, limit) =>
      this.repository.usageText({ ...query, from, to, offset: 0, limit }),
    );
  }
}

function intlKnows(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function toUsageRow(row: UsageQueryRow, groupBy: readonly UsageGroupBy[]): UsageRow {
  return {
    windowStart: `${row.windowLocal}${formatOffset(row.windowOffsetSeconds / 60)}`,
    ...Object.fromEntries(groupBy.map((column) => [column, row.groups[column] ?? null])),
    inputTokens: tokenCount(row.inputTokens),
    cachedInputTokens: tokenCount(row.cachedInputTokens),
    cacheWriteTokens: tokenCount(row.cacheWriteTokens),
    outputTokens: tokenCount(row.outputTokens),
    reasoningTokens: tokenCount(row.reasoningTokens),
    requests: tokenCount(row.requests),
    costUsd: row.costUsd,
  };
}
