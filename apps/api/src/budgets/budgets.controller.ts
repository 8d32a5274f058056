// Budgets: finops sets and removes them; a gateway asks GET /v1/budgets/status with its team's ingest
// key before sending a request, and gets an answer from memory (BudgetStatusSnapshot).
import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Put, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { MAX_PROJECT_LENGTH, TEAM_SLUG_PATTERN } from '@tokenmeter/contracts';
import { BudgetRepository } from '@tokenmeter/db';
import { BUDGET_UNITS } from '@tokenmeter/finops';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { scopedTeam } from '../auth/team-scope';
import { ApiError } from '../http/api-error';
import { readJsonBody } from '../http/json-body';
import { ApiBodyFromZod, ApiQueryFromZod } from '../http/openapi-zod';
import { validateRequestPart } from '../http/request-validation';
import { BudgetStatusSnapshot } from './budget-status-snapshot.service';

const team = z.string().regex(TEAM_SLUG_PATTERN, { message: 'expected a team slug' }).max(64);
const project = z.string().min(1).max(MAX_PROJECT_LENGTH);

const statusQuery = z.strictObject({ team: team.optional(), project: project.optional() });
const listQuery = z.strictObject({ team: team.optional() });

const putBudgetBody = z.strictObject({
  team,
  project: project.nullable().default(null).describe('null: the whole team'),
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('budgets')
@ApiBearerAuth()
@Controller('v1/budgets')
@UseGuards(ApiKeyGuard)
export class BudgetsController {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly snapshot: BudgetStatusSnapshot,
  ) {}

  /** What a gateway asks before a request: `{ state, spentUsd, budgetUsd, projectedUsd }` from memory. */
  @Get('status')
  @RequireRoles('ingest', 'team', 'finops')
  @ApiQueryFromZod(statusQuery)
  async status(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const params = validateRequestPart(statusQuery, query, 'query');
    const scoped = scopedTeam(principal, params.team);
    if (scoped === undefined) {
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        { path: 'query.team', message: 'query.team: expected a team slug (a finops key must name the team)' },
      ]);
    }
    return this.snapshot.status(scoped, params.project ?? null);
  }

  @Get()
  @RequireRoles('team', 'finops')
  @ApiQueryFromZod(listQuery)
  async list(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const params = validateRequestPart(listQuery, query, 'query');
    const rows = await this.budgets.list(scopedTeam(principal, params.team));
    return { items: await Promise.all(rows.map(async (row) => ({ ...row, status: await this.rowStatus(row) }))) };
  }

  /** Sets the monthly budget of a team or project (one per scope: setting it again replaces it). */
  @Put()
  @RequireRoles('finops')
  @ApiBodyFromZod(putBudgetBody)
  async put(@Req() req: Request) {
    const input = validateRequestPart(putBudgetBody, await readJsonBody(req), 'body');
    const row = await this.budgets.upsert(input);
    await this.snapshot.refresh();
    return row;
  }

  @Delete(':id')
  @RequireRoles('finops')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id') id: string) {
    if (!UUID.test(id) || !(await this.budgets.delete(id))) {
      throw new ApiError(HttpStatus.NOT_FOUND, [
        { path: 'path.id', message: `path.id: no budget ${JSON.stringify(id)}` },
      ]);
    }
    await this.snapshot.refresh();
  }

  private async rowStatus(row: { team: string; project: string | null; id: string }) {
    const scope = await this.snapshot.status(row.team, row.project);
    return scope.budgets.find((budget) => budget.id === row.id) ?? null;
  }
}
