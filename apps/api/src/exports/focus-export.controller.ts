// FOCUS 1.2 cost-and-usage export as CSV: finops for every team (or one), a team key for its own.
import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { UsageQueryRepository } from '@tokenmeter/db';
import { csvLine, FOCUS_EXPORT_COLUMNS, focusRows } from '@tokenmeter/finops';
import type { Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { scopedTeam } from '../auth/team-scope';
import { ApiQueryFromZod } from '../http/openapi-zod';
import { validateRequestPart } from '../http/request-validation';
import { exportRange, focusExportParams } from './export-range';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('v1/exports')
@UseGuards(ApiKeyGuard)
@RequireRoles('team', 'finops')
export class FocusExportController {
  constructor(private readonly usage: UsageQueryRepository) {}

  @Get('focus')
  @ApiQueryFromZod(focusExportParams)
  @ApiProduces('text/csv')
  async focus(@Query() query: unknown, @CurrentPrincipal() principal: Principal, @Res() res: Response) {
    const params = validateRequestPart(focusExportParams, query, 'query');
    const team = scopedTeam(principal, params.team);
    const range = exportRange(params);
    const rows = focusRows(await this.usage.dailyPricedUsage(range.from, range.to, team));
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader(
        'content-disposition',
        `attachment; filename="tokenmeter-focus-${range.label}${team ? `-${team}` : ''}.csv"`,
      );
    res.end(
      csvLine(FOCUS_EXPORT_COLUMNS) +
        rows.map((row) => csvLine(FOCUS_EXPORT_COLUMNS.map((column) => row[column]))).join(''),
    );
  }
}
