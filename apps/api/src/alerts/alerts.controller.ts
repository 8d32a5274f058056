// Alerting as data: rules and notification destinations that finops (any team, or '*' for the
// organization) and team keys (their own team) create, list, change, mute and delete; a test
// message per destination; the alert history with evidence and deliveries; the audit trail; and
// the per-deployment saturation forecasts. Every change is audited with who, when, before/after.
import { randomBytes } from 'node:crypto';
import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import {
  AlertConfigAuditRepository,
  AlertDeliveryRepository,
  AlertEventRepository,
  AlertRuleExistsError,
  AlertRuleRepository,
  AuditActor,
  PlannerRunRepository,
  StoredAlertRule,
  WebhookEndpointRepository,
  WebhookEndpointRow,
} from '@tokenmeter/db';
import {
  ALERT_KINDS,
  type AlertKind,
  type AlertRuleNumbers,
  alertRuleSettingProblems,
  DEFAULT_ALERT_RULES,
  destinationUrlProblem,
} from '@tokenmeter/finops';
import { DestinationTestMessage, SaturationChecks, urlPolicyOf } from '@tokenmeter/planner';
import type { Request } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { scopedTeam } from '../auth/team-scope';
import { ApiError } from '../http/api-error';
import { readJsonBody } from '../http/json-body';
import { validateRequestPart } from '../http/request-validation';
import {
  destinationBody,
  destinationChanges,
  EMAIL_LIST,
  historyQuery,
  listQuery,
  muteBody,
  ORG_TEAM,
  ruleBody,
  ruleChanges,
} from './alert-config-schemas';

const forbidden = (path: string, message: string) =>
  new ApiError(HttpStatus.FORBIDDEN, [{ path, message: `${path}: ${message}` }]);
/** A setting its kind would accept and ignore is refused, naming the field (a 0.99 budget rule changed nothing). */
function refuseRuleSettings(kind: AlertKind, settings: AlertRuleNumbers) {
  const problems = alertRuleSettingProblems(kind, settings);
  if (problems.length > 0)
    throw new ApiError(
      HttpStatus.BAD_REQUEST,
      problems.map(({ field, message }) => ({ path: `body.${field}`, message: `body.${field}: ${message}` })),
    );
}

const notFound = (what: string, id: string) =>
  new ApiError(HttpStatus.NOT_FOUND, [{ path: 'path.id', message: `path.id: no ${what} "${id}"` }]);

/** A destination as the API shows it: the secret (HMAC key or routing key) is never returned. */
function shownDestination(d: WebhookEndpointRow) {
  const { secret, ...rest } = d;
  return { ...rest, secretSet: secret !== '' };
}

const DEFAULT_PAGERDUTY_URL = 'https://events.pagerduty.com/v2/enqueue';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('v1/alerts')
@UseGuards(ApiKeyGuard)
@RequireRoles('team', 'finops')
export class AlertsController {
  constructor(
    private readonly rules: AlertRuleRepository,
    private readonly destinations: WebhookEndpointRepository,
    private readonly events: AlertEventRepository,
    private readonly deliveries: AlertDeliveryRepository,
    private readonly audit: AlertConfigAuditRepository,
    private readonly runs: PlannerRunRepository,
    private readonly saturation: SaturationChecks,
    private readonly testMessage: DestinationTestMessage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The rules that apply: stored rows, and every kind's default for reference. */
  @Get('rules')
  async listRules(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const q = validateRequestPart(listQuery, query, 'query');
    const team = scopedTeam(principal, q.team);
    const rows = (await this.rules.list()).filter((r) => team === undefined || r.team === team || r.team === ORG_TEAM);
    return { rules: rows, defaults: ALERT_KINDS.map((k) => DEFAULT_ALERT_RULES[k]) };
  }

  @Post('rules')
  @HttpCode(HttpStatus.CREATED)
  async createRule(@Req() req: Request, @CurrentPrincipal() principal: Principal) {
    const body = validateRequestPart(ruleBody, await readJsonBody(req), 'body');
    refuseRuleSettings(body.kind as AlertKind, body);
    const team = this.writableTeam(principal, body.team, 'body.team');
    const base = DEFAULT_ALERT_RULES[body.kind as keyof typeof DEFAULT_ALERT_RULES];
    try {
      const rule = await this.rules.create(
        {
          team,
          kind: body.kind,
          threshold: body.threshold,
          hysteresis: body.hysteresis ?? base.hysteresis,
          cooldownDays: body.cooldownDays ?? base.cooldownDays,
          enabled: body.enabled ?? true,
          mutedUntil: body.mutedUntil ?? null,
        },
        actorOf(principal),
      );
      return { rule };
    } catch (error) {
      if (error instanceof AlertRuleExistsError)
        throw new ApiError(HttpStatus.CONFLICT, [{ path: 'body.kind', message: `body.kind: ${error.message}` }]);
      throw error;
    }
  }

  @Patch('rules/:id')
  async changeRule(@Param('id') id: string, @Req() req: Request, @CurrentPrincipal() principal: Principal) {
    const changes = validateRequestPart(ruleChanges, await readJsonBody(req), 'body');
    refuseRuleSettings((await this.ownRule(id, principal)).kind as AlertKind, changes);
    return { rule: await this.rules.update(id, changes, actorOf(principal)) };
  }

  /** Mutes a rule until a moment (null unmutes): its transitions are recorded but not sent. */
  @Post('rules/:id/mute')
  async muteRule(@Param('id') id: string, @Req() req: Request, @CurrentPrincipal() principal: Principal) {
    const { until } = validateRequestPart(muteBody, await readJsonBody(req), 'body');
    await this.ownRule(id, principal);
    return { rule: await this.rules.update(id, { mutedUntil: until }, actorOf(principal), 'mute') };
  }

  @Delete('rules/:id')
  async deleteRule(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    await this.ownRule(id, principal);
    return { deleted: await this.rules.delete(id, actorOf(principal)) };
  }

  @Get('destinations')
  async listDestinations(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const q = validateRequestPart(listQuery, query, 'query');
    const team = scopedTeam(principal, q.team);
    const rows = (await this.destinations.list()).filter((d) => team === undefined || d.team === team);
    return { destinations: rows.map(shownDestination) };
  }

  /** Creates a destination; a webhook without a secret gets a generated one, returned this once. */
  @Post('destinations')
  @HttpCode(HttpStatus.CREATED)
  async createDestination(@Req() req: Request, @CurrentPrincipal() principal: Principal) {
    const body = validateRequestPart(destinationBody, await readJsonBody(req), 'body');
    let team: string | null;
    if (principal.role === 'finops') team = body.team === undefined || body.team === ORG_TEAM ? null : body.team;
    else team = this.writableTeam(principal, body.team ?? undefined, 'body.team');
    const url = body.type === 'pagerduty' && body.url === 'default' ? DEFAULT_PAGERDUTY_URL : body.url;
    this.checkTarget(body.type, url, 'body.url');
    if (body.type === 'pagerduty' && !body.secret)
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        { path: 'body.secret', message: 'body.secret: expected the PagerDuty integration (routing) key' },
      ]);
    const generated = body.type === 'webhook' && !body.secret ? randomBytes(24).toString('base64url') : null;
    const row = await this.destinations.createAudited(
      { ...body, team, url, secret: body.secret ?? generated ?? '' },
      actorOf(principal),
    );
    return { destination: shownDestination(row), ...(generated ? { secret: generated } : {}) };
  }

  @Patch('destinations/:id')
  async changeDestination(@Param('id') id: string, @Req() req: Request, @CurrentPrincipal() principal: Principal) {
    const changes = validateRequestPart(destinationChanges, await readJsonBody(req), 'body');
    const current = await this.ownDestination(id, principal);
    if (changes.url !== undefined) this.checkTarget(current.type, changes.url, 'body.url');
    const row = await this.destinations.update(id, changes, actorOf(principal));
    return { destination: row && shownDestination(row) };
  }

  @Post('destinations/:id/mute')
  async muteDestination(@Param('id') id: string, @Req() req: Request, @CurrentPrincipal() principal: Principal) {
    const { until } = validateRequestPart(muteBody, await readJsonBody(req), 'body');
    await this.ownDestination(id, principal);
    const row = await this.destinations.update(id, { mutedUntil: until }, actorOf(principal), 'mute');
    return { destination: row && shownDestination(row) };
  }

  @Delete('destinations/:id')
  async deleteDestination(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    await this.ownDestination(id, principal);
    const row = await this.destinations.delete(id, actorOf(principal));
    return { deleted: row && shownDestination(row) };
  }

  /** Sends a sample message now; 502 with the destination's answer when it fails. */
  @Post('destinations/:id/test')
  async testDestination(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const destination = await this.ownDestination(id, principal);
    try {
      const status = await this.testMessage.send(destination, principal.team ?? ORG_TEAM);
      return { delivered: true, status };
    } catch (error) {
      throw new ApiError(HttpStatus.BAD_GATEWAY, [
        { path: 'destination', message: `destination: the test message failed: ${(error as Error).message}` },
      ]);
    }
  }

  /** Every firing and resolution with its evidence, and what was delivered where. */
  @Get('history')
  async history(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const q = validateRequestPart(historyQuery, query, 'query');
    const team = scopedTeam(principal, q.team);
    const from = q.date ?? q.from;
    const to = q.date ?? q.to;
    const transitions = (await this.events.list({ team, from, to, limit: 1000 })).filter(
      (e) => (q.kind === undefined || e.kind === q.kind) && (q.subject === undefined || e.subject === q.subject),
    );
    const own = (await this.destinations.list()).filter((d) => team === undefined || d.team === team);
    const deliveries = own.length
      ? await this.deliveries.list({ destinationIds: own.map((d) => d.id), limit: 500 })
      : [];
    return { transitions, deliveries: deliveries.map(({ body: _body, ...d }) => d) };
  }

  /** Who changed which rule or destination, when, and what it was before and after. */
  @Get('audit')
  async auditTrail(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const q = validateRequestPart(listQuery, query, 'query');
    return { changes: await this.audit.list({ team: scopedTeam(principal, q.team), limit: 500 }) };
  }

  /** Each deployment's forecast month of saturation (busiest hour over capacity), as of the latest night. */
  @Get('saturation')
  async saturationForecasts(@Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    const q = validateRequestPart(historyQuery.pick({ team: true, date: true }), query, 'query');
    const team = scopedTeam(principal, q.team);
    const date =
      q.date ??
      (await this.runs.list({ status: 'completed' }))
        .map((r) => r.runDate)
        .sort()
        .pop() ??
      null;
    if (date === null) return { date, deployments: [] };
    const all = await this.saturation.forecasts(date);
    return { date, deployments: all.filter((f) => team === undefined || f.team === team) };
  }

  /** The team a key may write rules for: finops any (default '*'), a team key only its own. */
  private writableTeam(principal: Principal, requested: string | undefined, path: string): string {
    if (principal.role === 'finops') return requested ?? ORG_TEAM;
    if (requested !== undefined && requested !== principal.team)
      throw forbidden(path, `a team key manages only team "${principal.team}", got "${requested}"`);
    return principal.team as string;
  }

  private async ownRule(id: string, principal: Principal): Promise<StoredAlertRule> {
    const rule = await this.rules.byId(id);
    if (!rule) throw notFound('rule', id);
    if (principal.role !== 'finops' && rule.team !== principal.team)
      throw forbidden(
        'path.id',
        `rule "${id}" belongs to ${rule.team === ORG_TEAM ? 'the organization' : 'another team'}`,
      );
    return rule;
  }

  private async ownDestination(id: string, principal: Principal): Promise<WebhookEndpointRow> {
    const destination = await this.destinations.byId(id);
    if (!destination) throw notFound('destination', id);
    if (principal.role !== 'finops' && destination.team !== principal.team)
      throw forbidden(
        'path.id',
        `destination "${id}" belongs to ${destination.team ? 'another team' : 'the organization'}`,
      );
    return destination;
  }

  private checkTarget(type: string, target: string, path: string): void {
    if (type === 'email') {
      if (!this.config.SMTP_URL)
        throw new ApiError(HttpStatus.BAD_REQUEST, [
          { path: 'body.type', message: 'body.type: email destinations need SMTP_URL to be configured' },
        ]);
      if (!EMAIL_LIST.test(target))
        throw new ApiError(HttpStatus.BAD_REQUEST, [
          { path, message: `${path}: expected email addresses separated by commas, got "${target}"` },
        ]);
      return;
    }
    const problem = destinationUrlProblem(target, urlPolicyOf(this.config));
    if (problem) throw new ApiError(HttpStatus.BAD_REQUEST, [{ path, message: `${path}: ${problem}` }]);
  }
}

export function actorOf(principal: Principal): AuditActor {
  return { actor: `key:${principal.keyId}`, role: principal.role };
}
