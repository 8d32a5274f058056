// The weekly report as JSON: build (and store) a week on demand, read a stored week.
import { Controller, Get, Param, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { WeeklyReportBuilder } from '@tokenmeter/reports';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { readJsonBody } from '../http/json-body';
import { ApiBodyFromZod, ApiQueryFromZod } from '../http/openapi-zod';
import { validateRequestPart } from '../http/request-validation';
import { isoWeekField, reportQuery, reportTeam, reportWeek } from './report-scope';

const generateBody = z.strictObject({ week: isoWeekField });

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1/reports')
@UseGuards(ApiKeyGuard)
export class ReportsController {
  constructor(private readonly builder: WeeklyReportBuilder) {}

  /** Builds and stores the week's organization report and every team's now (the Monday job does the same). */
  @Post('weekly')
  @RequireRoles('finops')
  @ApiBodyFromZod(generateBody)
  async generate(@Req() req: Request) {
    const now = new Date();
    const body = validateRequestPart(generateBody, await readJsonBody(req), 'body');
    return this.builder.generate(reportWeek(body.week, now, 'body.week'), now);
  }

  @Get('weekly/:week')
  @RequireRoles('team', 'finops')
  @ApiParam({ name: 'week', description: 'ISO week, e.g. 2026-W47' })
  @ApiQueryFromZod(reportQuery)
  async read(@Param('week') week: string, @Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const now = new Date();
    const params = validateRequestPart(reportQuery, query, 'query');
    return this.builder.findOrBuild(reportWeek(week, now), reportTeam(principal, params.team), now);
  }
}
