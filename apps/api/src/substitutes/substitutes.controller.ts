// The substitute catalog in force (bundled entries plus the organization's own) and its versions.
// Any read key may see which open models its recommendations are compared with; only finops sets
// or removes an entry, and every change is a new version naming who made it.
import { Controller, Delete, Get, HttpStatus, Param, Put, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { substituteEntryOverrideSchema } from '@tokenmeter/finops';
import { SubstituteCatalogService, SubstituteChange } from '@tokenmeter/planner';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiError } from '../http/api-error';
import { readJsonBody } from '../http/json-body';
import { ApiBodyFromZod } from '../http/openapi-zod';
import { validateRequestPart } from '../http/request-validation';
import { versionHistory } from '../http/version-history';

const changeQuery = z.strictObject({ note: z.string().max(500, 'expected at most 500 characters').optional() });
const API_MODEL = /^[A-Za-z0-9._:@/+-]{1,200}$/;

@ApiTags('substitutes')
@ApiBearerAuth()
@Controller('v1/substitutes')
@UseGuards(ApiKeyGuard)
export class SubstitutesController {
  constructor(private readonly substitutes: SubstituteCatalogService) {}

  @Get()
  @RequireRoles('team', 'finops')
  async current() {
    return this.substitutes.current();
  }

  @Get('history')
  @RequireRoles('finops')
  async history(@Query() query: unknown) {
    return versionHistory(query, (limit) => this.substitutes.history(limit));
  }

  /** The organization's entry for one API model, replacing the bundled one; answers the new version. */
  @Put(':model')
  @RequireRoles('finops')
  @ApiBodyFromZod(substituteEntryOverrideSchema)
  async set(
    @Param('model') model: string,
    @Query() query: unknown,
    @Req() req: Request,
    @CurrentPrincipal() principal: Principal,
  ) {
    const q = validateRequestPart(changeQuery, query, 'query');
    const body = await readJsonBody(req);
    return answer(await this.substitutes.set(apiModel(model), body, `api key ${principal.keyId}`, q.note));
  }

  @Delete(':model')
  @RequireRoles('finops')
  async remove(@Param('model') model: string, @Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const q = validateRequestPart(changeQuery, query, 'query');
    return answer(await this.substitutes.remove(apiModel(model), `api key ${principal.keyId}`, q.note));
  }
}

function apiModel(model: string): string {
  if (API_MODEL.test(model)) return model;
  throw new ApiError(HttpStatus.BAD_REQUEST, [
    {
      path: 'path.model',
      message: `path.model: expected an API model id (letters, digits, . _ : @ / + -), got ${JSON.stringify(model)}`,
    },
  ]);
}

function answer(change: SubstituteChange) {
  if (change.ok) return change.stored;
  const part = change.status === 404 ? 'path' : 'body';
  throw new ApiError(
    change.status === 404 ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST,
    change.problems.map((p) => ({ path: `${part}.${p.split(':')[0]}`, message: `${part}.${p}` })),
  );
}
