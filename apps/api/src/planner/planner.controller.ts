// The nightly planner over HTTP: finops starts a night or a backfill (the API only enqueues; the
// worker runs it), lists runs with their failures, and reads recommendations and alerts (a team
// key sees its own team, finops every team).
import { InjectQueue } from '@nestjs/bullmq';
import { Controller, Get, HttpCode, HttpStatus, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { daysFrom, Queues } from '@tokenmeter/contracts';
import {
  AlertEventRepository,
  PlannerRunRepository,
  RecommendationRepository,
  VolumeForecastRepository,
} from '@tokenmeter/db';
import { recommendationId } from '@tokenmeter/finops';
import { enqueueNights, NightBusyError } from '@tokenmeter/planner';
import { Queue } from 'bullmq';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { scopedTeam } from '../auth/team-scope';
import { ApiError } from '../http/api-error';
import { readJsonBody } from '../http/json-body';
import { validateRequestPart } from '../http/request-validation';

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), 'expected a real calendar date');
const MAX_BACKFILL_NIGHTS = 400;

const runBody = z.union([z.strictObject({ date }), z.strictObject({ from: date, to: date })], {
  error: 'expected {"date": "YYYY-MM-DD"} or {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}',
});
const runsQuery = z.strictObject({
  from: date.optional(),
  to: date.optional(),
  status: z.enum(['running', 'completed', 'failed']).optional(),
});
const readQuery = z.strictObject({
  team: z.string().min(1).max(64).optional(),
  from: date.optional(),
  to: date.optional(),
});
const forecastQuery = z.strictObject({
  team: z.string().min(1).max(64).optional(),
  date: date.optional(),
  scope: z.enum(['team', 'team-model']).optional(),
});

@ApiTags('planner')
@ApiBearerAuth()
@Controller('v1')
@UseGuards(ApiKeyGuard)
export class PlannerController {
  constructor(
    @InjectQueue(Queues.planner) private readonly queue: Queue,
    private readonly runs: PlannerRunRepository,
    private readonly recommendations: RecommendationRepository,
    private readonly alerts: AlertEventRepository,
    private readonly forecasts: VolumeForecastRepository,
  ) {}

  /** Enqueues a night (replacing its results) or a backfill, oldest night first. */
  @Post('planner/runs')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireRoles('finops')
  async start(@Req() req: Request) {
    const body = validateRequestPart(runBody, await readJsonBody(req), 'body');
    const [from, to] = 'date' in body ? [body.date, body.date] : [body.from, body.to];
    if (to < from)
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        { path: 'body.to', message: `body.to: expected a date on or after body.from (${from}), got "${to}"` },
      ]);
    const nights = daysFrom(from, to) + 1;
    if (nights > MAX_BACKFILL_NIGHTS) {
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        { path: 'body.to', message: `body.to: a backfill covers at most ${MAX_BACKFILL_NIGHTS} nights, got ${nights}` },
      ]);
    }
    try {
      const jobId = await enqueueNights(this.queue, from, to, { rerun: true });
      return { from, to, nights, jobId };
    } catch (error) {
      if (error instanceof NightBusyError)
        throw new ApiError(HttpStatus.CONFLICT, [{ path: 'body', message: `body: ${error.message}` }]);
      throw error;
    }
  }

  /** Runs per night and step, failures included (status, attempts, error). */
  @Get('planner/runs')
  @RequireRoles('finops')
  async list(@Query() query: unknown) {
    const q = validateRequestPart(runsQuery, query, 'query');
    return { runs: await this.runs.list(q) };
  }

  /** The latest night's recommendations (or a range of nights). */
  @Get('recommendations')
  @RequireRoles('team', 'finops')
  async listRecommendations(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const q = validateRequestPart(readQuery, query, 'query');
    return {
      // Each with its id, the handle `tokenmeter explain <id>` takes.
      recommendations: (
        await this.recommendations.list({ ...q, team: scopedTeam(principal, q.team), limit: 1000 })
      ).map((r) => ({ id: recommendationId(r.runDate, r.team, r.workload), ...r })),
    };
  }

  /** A night's volume forecasts (default: the newest), per team and per team × provider × model. */
  @Get('forecasts')
  @RequireRoles('team', 'finops')
  async listForecasts(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const q = validateRequestPart(forecastQuery, query, 'query');
    const team = scopedTeam(principal, q.team);
    const night = q.date ?? (await this.forecasts.latestNight());
    const rows = night === null ? [] : await this.forecasts.forNight(night, q.scope);
    return { night, forecasts: team === undefined ? rows : rows.filter((row) => row.team === team) };
  }

  /** Current alert states and the transitions of the requested nights. */
  @Get('alerts')
  @RequireRoles('team', 'finops')
  async listAlerts(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const q = validateRequestPart(readQuery, query, 'query');
    const team = scopedTeam(principal, q.team);
    const states = await this.alerts.currentStates(team);
    const transitions = await this.alerts.list({ team, from: q.from, to: q.to, limit: 500 });
    return { alerts: states, transitions };
  }
}
