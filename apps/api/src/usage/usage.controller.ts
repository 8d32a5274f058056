// Usage and cost over a range: JSON pages, or the whole result as CSV (same query, same numbers).
import { Controller, Get, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { csvLine } from '@tokenmeter/finops';
import type { Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiQueryFromZod } from '../http/openapi-zod';
import { pageOf, pageWindow } from '../http/pagination';
import { validateRequestPart } from '../http/request-validation';
import { USAGE_METRICS, UsageQueryService } from './usage-query.service';
import { usageQueryParams } from './usage-query-params';

const CSV_CHUNK = 5_000;

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

  /** Every row of the query (page and pageSize are ignored), streamed in chunks. */
  @Get('usage.csv')
  @ApiQueryFromZod(usageQueryParams)
  @ApiProduces('text/csv')
  async csv(@Query() query: unknown, @CurrentPrincipal() principal: Principal, @Res() res: Response) {
    const params = validateRequestPart(usageQueryParams, query, 'query');
    const usageQuery = await this.usage.toQuery(params, principal);
    const header = ['windowStart', ...params.groupBy, ...USAGE_METRICS];
    let rows = await this.usage.rows(usageQuery, 0, CSV_CHUNK);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', 'attachment; filename="usage.csv"');
    res.write(csvLine(header));
    try {
      for (let offset = 0; rows.length > 0; ) {
        res.write(
          rows
            .map((row) =>
              csvLine(header.map((column) => (row as unknown as Record<string, string | number | null>)[column])),
            )
            .join(''),
        );
        if (rows.length < CSV_CHUNK) break;
        offset += CSV_CHUNK;
        rows = await this.usage.rows(usageQuery, offset, CSV_CHUNK);
      }
      res.end();
    } catch (error) {
      // Headers are gone: cut the connection so a client never takes a truncated file for a whole one.
      res.destroy(error as Error);
    }
  }
}
