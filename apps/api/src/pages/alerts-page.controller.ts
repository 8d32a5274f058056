// The alerting page (/alerts, and /alerts/history where alert messages link their evidence): the
// same data as /v1/alerts/*, for a team key its own team, for finops every team.
import { Controller, Get, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  AlertConfigAuditRepository,
  AlertDeliveryRepository,
  AlertEventRepository,
  AlertRuleRepository,
  PlannerRunRepository,
  WebhookEndpointRepository,
} from '@tokenmeter/db';
import { ORG_TEAM } from '@tokenmeter/finops';
import { SaturationChecks } from '@tokenmeter/planner';
import { renderAlertsPage } from '@tokenmeter/reports';
import { historyQuery } from '../alerts/alert-config-schemas';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { scopedTeam } from '../auth/team-scope';
import { ApiQueryFromZod } from '../http/openapi-zod';
import { validateRequestPart } from '../http/request-validation';
import { principalLabel } from '../reports/report-scope';
import { HtmlPage } from './html-page.decorator';
import { PageAuthGuard } from './page-auth.guard';
import { PageErrorFilter } from './page-error.filter';

@ApiTags('pages')
@Controller('alerts')
@UseFilters(PageErrorFilter)
@UseGuards(PageAuthGuard)
@RequireRoles('team', 'finops')
export class AlertsPageController {
  constructor(
    private readonly events: AlertEventRepository,
    private readonly rules: AlertRuleRepository,
    private readonly destinations: WebhookEndpointRepository,
    private readonly deliveries: AlertDeliveryRepository,
    private readonly audit: AlertConfigAuditRepository,
    private readonly runs: PlannerRunRepository,
    private readonly saturation: SaturationChecks,
  ) {}

  @Get()
  @ApiQueryFromZod(historyQuery)
  @HtmlPage()
  async page(@Query() query: unknown, @CurrentPrincipal() principal: Principal): Promise<string> {
    return this.render(query, principal);
  }

  @Get('history')
  @ApiQueryFromZod(historyQuery)
  @HtmlPage()
  async history(@Query() query: unknown, @CurrentPrincipal() principal: Principal): Promise<string> {
    return this.render(query, principal);
  }

  private async render(query: unknown, principal: Principal): Promise<string> {
    const q = validateRequestPart(historyQuery, query, 'query');
    const team = scopedTeam(principal, q.team);
    const mine = <T extends { team: string | null }>(rows: T[]) =>
      rows.filter((r) => team === undefined || r.team === team || r.team === ORG_TEAM);
    const transitions = (
      await this.events.list({ team, from: q.date ?? q.from, to: q.date ?? q.to, limit: 500 })
    ).filter(
      (e) => (q.kind === undefined || e.kind === q.kind) && (q.subject === undefined || e.subject === q.subject),
    );
    const destinations = (await this.destinations.list()).filter((d) => team === undefined || d.team === team);
    const night = (await this.runs.list({ status: 'completed' }))
      .map((r) => r.runDate)
      .sort()
      .pop();
    return renderAlertsPage(
      {
        scope: team === undefined ? 'whole organization' : `team ${team}`,
        states: await this.events.currentStates(team),
        transitions,
        rules: mine(await this.rules.list()),
        destinations,
        deliveries: destinations.length
          ? await this.deliveries.list({ destinationIds: destinations.map((d) => d.id), limit: 200 })
          : [],
        saturation: night ? mine(await this.saturation.forecasts(night)) : [],
        audit: await this.audit.list({ team, limit: 200 }),
      },
      principalLabel(principal),
    );
  }
}
