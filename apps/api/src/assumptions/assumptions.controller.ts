// The organization's own economics (electricity, personnel, discount rate, targets, allowed GPUs…):
// finops reads the version in force and its history, and sets figures (a partial object; the rest
// carry over). Every change is a new version; recommendations name the version they used.
import { Controller, Get, HttpStatus, Put, Query, Req, UseGuards } from '@nestjs/common';
import { fieldError } from '@tokenmeter/contracts';
import { OrganizationAssumptionsRepository } from '@tokenmeter/db';
import { OrganizationAssumptionsService } from '@tokenmeter/planner';
import type { Request } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiError } from '../http/api-error';
import { readJsonBody } from '../http/json-body';
import { versionHistory } from '../http/version-history';

@Controller('v1/assumptions')
@UseGuards(ApiKeyGuard)
export class AssumptionsController {
  constructor(
    private readonly assumptions: OrganizationAssumptionsService,
    private readonly versions: OrganizationAssumptionsRepository,
  ) {}

  /** The version in force (calibrated from the registered deployments before anyone set one). */
  @Get()
  @RequireRoles('finops')
  async current() {
    return this.assumptions.current();
  }

  @Get('history')
  @RequireRoles('finops')
  async history(@Query() query: unknown) {
    return versionHistory(query, (limit) => this.versions.history(limit));
  }

  /** Sets the figures in the body (issue #15 names); answers the new version. */
  @Put()
  @RequireRoles('finops')
  async set(@Req() req: Request, @CurrentPrincipal() principal: Principal) {
    const body = await readJsonBody(req);
    const result = await this.assumptions.set(body, `api key ${principal.keyId}`);
    if (!result.ok) {
      throw new ApiError(
        HttpStatus.BAD_REQUEST,
        result.problems.map((p) => fieldError(`body.${p.split(':')[0]}`, p)),
      );
    }
    return result.stored;
  }
}
