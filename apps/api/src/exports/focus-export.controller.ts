// FOCUS 1.2 cost-and-usage export as CSV: finops for every team (or one), a team key for its own.
import { Controller, Get, Inject, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { UsageQueryRepository } from '@tokenmeter/db';
import { csvLine, FOCUS_EXPORT_COLUMNS, focusRows } from '@tokenmeter/finops';
import type { Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { scopedTeam } from '../auth/team-scope';
import { attachmentDisposition } from '../http/content-disposition';
import { ApiQueryFromZod } from '../http/openapi-zod';
import { checkRangeLength } from '../http/range-limit';
import { validateRequestPart } from '../http/request-validation';
import { exportRange, focusExportParams } from './export-range';

const CSV_CHUNK_ROWS = 2_000;

@ApiTags('exports')
@ApiBearerAuth()
@Controller('v1/exports')
@UseGuards(ApiKeyGuard)
@RequireRoles('team', 'finops')
export class FocusExportController {
  constructor(
    private readonly usage: UsageQueryRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('focus')
  @ApiQueryFromZod(focusExportParams)
  @ApiProduces('text/csv')
  async focus(@Query() query: unknown, @CurrentPrincipal() principal: Principal, @Res() res: Response) {
    const params = validateRequestPart(focusExportParams, query, 'query');
    const team = scopedTeam(principal, params.team);
    const range = exportRange(params);
    checkRangeLength(range.from, range.to, this.config.API_MAX_RANGE_DAYS, params.week ? 'query.week' : 'query.to');
    const rows = focusRows(await this.usage.dailyPricedUsage(range.from, range.to, team));
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader(
        'content-disposition',
        attachmentDisposition(`tokenmeter-focus-${range.label}${team ? `-${team}` : ''}.csv`),
      );
    // Written in chunks: the response goes out as it is encoded, not as one string of the whole export.
    res.write(csvLine(FOCUS_EXPORT_COLUMNS));
    for (let i = 0; i < rows.length; i += CSV_CHUNK_ROWS)
      res.write(
        rows
          .slice(i, i + CSV_CHUNK_ROWS)
          .map((row) => csvLine(FOCUS_EXPORT_COLUMNS.map((column) => row[column])))
          .join(''),
      );
    res.end();
  }
}
