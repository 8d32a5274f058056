// FOCUS 1.2 cost-and-usage export as CSV: finops for every team (or one), a team key for its own.
// Streamed a batch of UTC days at a time (FocusExportReader: FOCUS charge periods are days, and the
// rows come ordered by day), so a long range neither waits for one big query nor holds all its rows in
// memory. API usage is priced by
// the price rules; self-hosted deployments' cost of ownership is shown back to the teams they served.
import { Controller, Get, Inject, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import { FocusExportReader } from '@tokenmeter/db';
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
import { sendChunks } from '../http/send-chunks';
import { exportRange, focusExportParams } from './export-range';

@ApiTags('exports')
@ApiBearerAuth()
@Controller('v1/exports')
@UseGuards(ApiKeyGuard)
@RequireRoles('team', 'finops')
export class FocusExportController {
  constructor(
    private readonly focusExport: FocusExportReader,
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
    const chunks = this.focusExport.csvChunks(range.from, range.to, team);
    // The first batch is read before the headers go out, so a failing query still answers with an error status.
    const header = await chunks.next();
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader(
        'content-disposition',
        attachmentDisposition(`tokenmeter-focus-${range.label}${team ? `-${team}` : ''}.csv`),
      );
    if (!header.done) res.write(header.value);
    await sendChunks(res, chunks);
  }
}
