// The price book: any read role lists it; finops sets the organization's own prices, which win
// over bundled ones from their effectiveFrom on.
import { Controller, Get, HttpStatus, Param, Put, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PriceEntryRepository } from '@tokenmeter/db';
import { PriceEntry, parsePricePerMTok } from '@tokenmeter/finops';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiError } from '../http/api-error';
import { readJsonBody } from '../http/json-body';
import { ApiBodyFromZod, ApiQueryFromZod } from '../http/openapi-zod';
import { pageOf, pageWindow, paginationShape } from '../http/pagination';
import { validateRequestPart } from '../http/request-validation';

const listPricesQuery = z.strictObject({
  provider: z.string().min(1).max(64).optional(),
  model: z.string().min(1).max(200).optional().describe('model id (case-insensitive)'),
  ...paginationShape,
});

const price = z.string().refine(
  (value) => {
    try {
      parsePricePerMTok(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected USD per 1M tokens as a decimal string with at most 8 digits before and 6 after the point' },
);

const putPriceBody = z.strictObject({
  provider: z.string().min(1).max(64),
  model: z.string().min(1).max(200),
  inputPerMTok: price,
  cachedInputPerMTok: price.nullable().default(null).describe('null: cache reads billed at the input price'),
  cacheWritePerMTok: price.nullable().default(null).describe('null: cache writes billed at the input price'),
  outputPerMTok: price,
  effectiveFrom: z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time with offset' }),
  source: z.string().min(1).max(500).describe('where the price comes from: a contract, a person'),
});

const PRICE_ID = /^[A-Za-z0-9._:@/+-]{1,128}$/;

const json = (entry: PriceEntry) => ({ ...entry, effectiveFrom: entry.effectiveFrom.toISOString() });

@ApiTags('prices')
@ApiBearerAuth()
@Controller('v1/prices')
@UseGuards(ApiKeyGuard)
export class PricesController {
  constructor(private readonly prices: PriceEntryRepository) {}

  @Get()
  @RequireRoles('team', 'finops')
  @ApiQueryFromZod(listPricesQuery)
  async list(@Query() query: unknown) {
    const params = validateRequestPart(listPricesQuery, query, 'query');
    const rows = await this.prices.page({ provider: params.provider, model: params.model }, pageWindow(params));
    return pageOf(rows.map(json), params);
  }

  @Put(':id')
  @RequireRoles('finops')
  @ApiBodyFromZod(putPriceBody)
  async put(@Param('id') id: string, @Req() req: Request) {
    if (!PRICE_ID.test(id)) {
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        {
          path: 'path.id',
          message: `path.id: expected 1–128 letters, digits or . _ : @ / + -, got ${JSON.stringify(id)}`,
        },
      ]);
    }
    const input = validateRequestPart(putPriceBody, await readJsonBody(req), 'body');
    const existing = await this.prices.findById(id);
    if (existing && !existing.organization) {
      throw new ApiError(HttpStatus.CONFLICT, [
        {
          path: 'path.id',
          message: `path.id: "${id}" is a bundled price; give the organization's price an id of its own`,
        },
      ]);
    }
    try {
      await this.prices.upsertOrganizationPrice({ id, ...input, effectiveFrom: new Date(input.effectiveFrom) });
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') {
        throw new ApiError(HttpStatus.CONFLICT, [
          {
            path: 'body.effectiveFrom',
            message:
              `body.effectiveFrom: the organization already has a price for ${input.provider}/${input.model} ` +
              `from ${input.effectiveFrom}`,
          },
        ]);
      }
      throw error;
    }
    return json((await this.prices.findById(id))!);
  }
}
