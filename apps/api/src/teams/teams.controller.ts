import { Controller, Get, HttpStatus, Param, Patch, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TeamRepository } from '@tokenmeter/db';
import { teamProfileUpdateSchema } from '@tokenmeter/finops';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiError } from '../http/api-error';
import { readJsonBody } from '../http/json-body';
import { ApiBodyFromZod, ApiQueryFromZod } from '../http/openapi-zod';
import { pageOf, paginationShape } from '../http/pagination';
import { validateRequestPart } from '../http/request-validation';

const listTeamsQuery = z.strictObject({ ...paginationShape });

/** Teams: every team for finops, its own for a team key. */
@ApiTags('teams')
@ApiBearerAuth()
@Controller('v1/teams')
@UseGuards(ApiKeyGuard)
@RequireRoles('team', 'finops')
export class TeamsController {
  constructor(private readonly teams: TeamRepository) {}

  @Get()
  @ApiQueryFromZod(listTeamsQuery)
  async list(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const page = validateRequestPart(listTeamsQuery, query, 'query');
    // A few hundred teams at most: filtering in memory keeps TeamRepository as it is.
    const all = (await this.teams.list()).filter((team) => principal.role === 'finops' || team.slug === principal.team);
    return pageOf(all.slice((page.page - 1) * page.pageSize, page.page * page.pageSize + 1), page);
  }

  /**
   * The team's decision profile (privacy level, customization, latency sensitivity), which the
   * nightly planner's decision tree reads. Finops only: a team cannot talk itself into hardware.
   */
  @Patch(':slug')
  @RequireRoles('finops')
  @ApiBodyFromZod(teamProfileUpdateSchema)
  async setProfile(@Param('slug') slug: string, @Req() req: Request, @CurrentPrincipal() principal: Principal) {
    const patch = validateRequestPart(teamProfileUpdateSchema, await readJsonBody(req), 'body');
    const team = await this.teams.setDecisionProfile(slug, patch, `api key ${principal.keyId}`);
    if (!team) {
      throw new ApiError(HttpStatus.NOT_FOUND, [
        { path: 'path.slug', message: `path.slug: no team ${JSON.stringify(slug)}` },
      ]);
    }
    return team;
  }
}
