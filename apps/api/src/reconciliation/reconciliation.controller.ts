// Reconciliation, finops only: import a provider's cost export (the body is the file: JSON for the
// OpenAI Costs API and the Anthropic cost report, CSV for OpenAI's CSV and an AWS FOCUS file), then
// compare what TokenMeter metered with what was invoiced per day and model.
import { Controller, Get, HttpStatus, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InvoicedCostRepository } from '@tokenmeter/db';
import {
  CostExportError,
  parseProviderCostExport,
  RECONCILIATION_PROVIDERS,
  reconcileImported,
} from '@tokenmeter/finops';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiError } from '../http/api-error';
import { ApiQueryFromZod } from '../http/openapi-zod';
import { readRawBody } from '../http/raw-body';
import { validateRequestPart } from '../http/request-validation';

/** A month of an organization's cost export, grouped by line item, stays well under this. */
const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const provider = z.enum(RECONCILIATION_PROVIDERS, {
  message: `expected one of ${RECONCILIATION_PROVIDERS.join(', ')}`,
});
const importQuery = z.strictObject({ provider });
const compareQuery = z
  .strictObject({
    from: z.string().regex(DATE, 'expected a date YYYY-MM-DD (UTC, inclusive)'),
    to: z.string().regex(DATE, 'expected a date YYYY-MM-DD (UTC, exclusive)'),
    provider: provider.optional(),
  })
  .refine((q) => q.to > q.from, { path: ['to'], message: 'expected a date after from' });

@ApiTags('reconciliation')
@ApiBearerAuth()
@Controller('v1/reconciliation')
@UseGuards(ApiKeyGuard)
@RequireRoles('finops')
export class ReconciliationController {
  constructor(private readonly invoiced: InvoicedCostRepository) {}

  @Post('imports')
  @ApiQueryFromZod(importQuery)
  async import(@Query() query: unknown, @Req() req: Request) {
    const params = validateRequestPart(importQuery, query, 'query');
    const body = (await readRawBody(req, IMPORT_BODY_LIMIT)).toString('utf8');
    let lines: ReturnType<typeof parseProviderCostExport>;
    try {
      lines = parseProviderCostExport(params.provider, body);
    } catch (error) {
      if (error instanceof CostExportError)
        throw new ApiError(HttpStatus.BAD_REQUEST, [{ path: 'body', message: error.message }]);
      throw error;
    }
    return this.invoiced.replaceImport(params.provider, lines);
  }

  @Get()
  @ApiQueryFromZod(compareQuery)
  async compare(@Query() query: unknown) {
    const params = validateRequestPart(compareQuery, query, 'query');
    const [metered, invoiced] = await Promise.all([
      this.invoiced.metered(params.from, params.to, params.provider),
      this.invoiced.invoiced(params.from, params.to, params.provider),
    ]);
    const items = reconcileImported(metered, invoiced);
    return { from: params.from, to: params.to, provider: params.provider ?? null, items };
  }
}
