// Budgets: finops sets and removes them; a gateway asks GET /v1/budgets/status with its team's ingest
// key before sending a request, and gets an answer from memory (BudgetStatusSnapshot).
import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Put, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiKeyRepository, BudgetRepository, TeamRepository } from '@tokenmeter/db';
import type { Request } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { scopedTeam } from '../auth/team-scope';
import { ApiError } from '../http/api-error';
import { readJsonBody } from '../http/json-body';
import { ApiBodyFromZod, ApiQueryFromZod } from '../http/openapi-zod';
import { validateRequestPart } from '../http/request-validation';
import { budgetInput } from './budget-input';
import { BUDGET_ID, budgetListQuery, budgetStatusQuery, putBudgetBody } from './budget-schemas';
import { BudgetStatusSnapshot } from './budget-status-snapshot.service';

@ApiTags('budgets')
@ApiBearerAuth()
@Controller('v1/budgets')
@UseGuards(ApiKeyGuard)
export class BudgetsController {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly snapshot: BudgetStatusSnapshot,
    private readonly keys: ApiKeyRepository,
    private readonly teams: TeamRepository,
  ) {}

  /** What a gateway asks before a request: `{ state, spentUsd, budgetUsd, projectedUsd }` from memory. */
  @Get('status')
  @RequireRoles('ingest', 'team', 'finops')
  @ApiQueryFromZod(budgetStatusQuery)
  async status(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const params = validateRequestPart(budgetStatusQuery, query, 'query');
    const scoped = scopedTeam(principal, params.team);
    if (scoped === undefined) {
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        { path: 'query.team', message: 'query.team: expected a team slug (a finops key must name the team)' },
      ]);
    }
    return this.snapshot.status(scoped, params.project ?? null, params.key ?? null);
  }

  @Get()
  @RequireRoles('team', 'finops')
  @ApiQueryFromZod(budgetListQuery)
  async list(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const params = validateRequestPart(budgetListQuery, query, 'query');
    const rows = await this.budgets.list(scopedTeam(principal, params.team));
    const items = await Promise.all(
      rows.map(async (row) => ({ ...row, status: (await this.snapshot.budgetStatusOf(row)).status })),
    );
    return { items };
  }

  /** Sets the monthly budget of a team, project or key (one per scope: setting it again replaces it). */
  @Put()
  @RequireRoles('finops')
  @ApiBodyFromZod(putBudgetBody)
  async put(@Req() req: Request) {
    const body = validateRequestPart(putBudgetBody, await readJsonBody(req), 'body');
    const row = await this.budgets.upsert(await budgetInput(body, this.keys, this.teams));
    await this.snapshot.refresh();
    return row;
  }

  @Delete(':id')
  @RequireRoles('finops')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('id') id: string) {
    if (!BUDGET_ID.test(id) || !(await this.budgets.delete(id))) {
      throw new ApiError(HttpStatus.NOT_FOUND, [
        { path: 'path.id', message: `path.id: no budget ${JSON.stringify(id)}` },
      ]);
    }
    await this.snapshot.refresh();
  }
}
