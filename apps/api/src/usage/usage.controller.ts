// Usage and cost over a range: JSON pages, or the whole result as CSV (same query, same numbers).
import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { UsageTextRow } from '@tokenmeter/db';
import { csvLine } from '@tokenmeter/finops';
import type { Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiQueryFromZod } from '../http/openapi-zod';
import { pageOf, pageWindow } from '../http/pagination';
import { validateRequestPart } from '../http/request-validation';
import { sendChunks } from '../http/send-chunks';
import { usageCsvLines } from './usage-csv-lines';
import { USAGE_METRICS, UsageQueryService } from './usage-query.service';
import { usageQueryParams } from './usage-query-params';

@ApiTags('usage')
@ApiBearerAuth()
@Controller('v1')
@UseGuards(ApiKeyGuard)
@RequireRoles('team', 'finops')
export class UsageController {
  constructor(private readonly usage: UsageQueryService) {}

  @Get('usage')
  @ApiQueryFromZod(usageQueryParams)
  @ApiOkResponse({
    description:
      'rows {windowStart, group fields, token sums, requests, costUsd (decimal string of the priced records, ' +
      'null when none is priced)}, page, pageSize, nextPage',
  })
  async list(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const params = validateRequestPart(usageQueryParams, query, 'query');
    const usageQuery = await this.usage.toQuery(params, principal);
    const { offset, limit } = pageWindow(params);
    return pageOf(await this.usage.rows(usageQuery, offset, limit), params);
  }

  /** Every row of the query (page and pageSize are ignored), sent a piece of the range at a time. */
  @Get('usage.csv')
  @ApiQueryFromZod(usageQueryParams)
  @ApiProduces('text/csv')
  async csv(@Query() query: unknown, @CurrentPrincipal() principal: Principal, @Res() res: Response) {
    const params = validateRequestPart(usageQueryParams, query, 'query');
    const usageQuery = await this.usage.toQuery(params, principal);
    const header = csvLine(['windowStart', ...params.groupBy, ...USAGE_METRICS]);
    const chunks = csvChunks(header, params.groupBy.length, this.usage.allText(usageQuery));
    // The first piece is read before the headers go out, so a failing query still answers with an error status.
    const first = await chunks.next();
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', 'attachment; filename="usage.csv"');
    if (!first.done) res.write(first.value);
    await sendChunks(res, chunks);
  }
}

/** The header line once the first piece is read, then each piece's lines. */
async function* csvChunks(
  header: string,
  groups: number,
  pieces: AsyncGenerator<UsageTextRow[]>,
): AsyncGenerator<string> {
  let first = true;
  for await (const rows of pieces) {
    if (first) yield header;
    first = false;
    yield usageCsvLines(rows, groups);
  }
}
