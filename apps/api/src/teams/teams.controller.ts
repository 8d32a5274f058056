import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { TeamRepository } from '@tokenmeter/db';
import { z } from 'zod';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiQueryFromZod } from '../http/openapi-zod';
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
}
