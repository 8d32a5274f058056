// Self-hosted deployments: what each serves, on which GPUs, and what it costs. FinOps keys manage
// them; team keys read their own team's. PUT replaces the whole description (fields left out take
// their defaults) and answers 201 when it created the deployment.
import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Param,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@tokenmeter/config';
import {
  DeploymentSpec,
  deploymentNameError,
  FieldError,
  fieldError,
  outboundAddressRefusal,
  parseAllowedNetworks,
  parseDeploymentSpec,
  redactUrlCredentials,
} from '@tokenmeter/contracts';
import { DeploymentRepository, DeploymentUtilizationDailyRepository, StoredDeployment } from '@tokenmeter/db';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { keyOfRole, type Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiError } from '../http/api-error';
import { readRawBody } from '../http/raw-body';
import { validateRequestPart } from '../http/request-validation';

const MAX_BODY_BYTES = 64 * 1024;

function checkedName(name: string): string {
  const error = deploymentNameError(name, 'path.name');
  if (error) throw new ApiError(HttpStatus.BAD_REQUEST, [error]);
  return name;
}

function notFound(name: string): ApiError {
  return new ApiError(HttpStatus.NOT_FOUND, [
    { path: 'path.name', message: `path.name: no deployment named ${JSON.stringify(name)}` },
  ]);
}

/** A team key reads only its own team's deployments: another team's is a 403, not an empty answer. */
function readable(deployment: StoredDeployment | null, name: string, principal: Principal): StoredDeployment {
  if (deployment === null) throw notFound(name);
  if (principal.role !== 'finops' && deployment.team !== principal.team) {
    throw new ApiError(HttpStatus.FORBIDDEN, [
      {
        path: 'path.name',
        message:
          `path.name: ${keyOfRole(principal.role)} reads only team "${principal.team}"'s deployments; ` +
          `${JSON.stringify(name)} belongs to another team`,
      },
    ]);
  }
  return deployment;
}

/** A calendar date that exists (2026-13-45 is refused here, not by Postgres as a 500). */
const calendarDate = z.string().refine(
  (value) => {
    const time = Date.parse(`${value}T00:00:00Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  },
  { error: 'expected a date YYYY-MM-DD that exists' },
);

/** Ten years at most (one row per day); `to` not before `from`. */
const MAX_UTILIZATION_DAYS = 3660;
const utilizationQuery = z.strictObject({ from: calendarDate, to: calendarDate }).superRefine((value, ctx) => {
  const days = (Date.parse(value.to) - Date.parse(value.from)) / 86_400_000;
  if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: `expected a date on or after ${value.from}` });
  else if (days > MAX_UTILIZATION_DAYS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `expected at most ${MAX_UTILIZATION_DAYS} days` });
});

/** Metrics URLs are write-only as to their credentials: answers show `http://***@host/…`. */
function shown(deployment: StoredDeployment): StoredDeployment {
  const hide = (url: string | null) => (url === null ? null : redactUrlCredentials(url));
  return {
    ...deployment,
    vllmMetricsUrl: hide(deployment.vllmMetricsUrl),
    dcgmMetricsUrl: hide(deployment.dcgmMetricsUrl),
  };
}

/**
 * A metrics URL whose host is an IP literal outside the public internet is refused now, naming the
 * field; names are checked by the worker when it connects (it resolves them, METRICS_ALLOWED_NETWORKS).
 */
function metricsUrlErrors(spec: DeploymentSpec, config: AppConfig): FieldError[] {
  const allowed = parseAllowedNetworks(config.METRICS_ALLOWED_NETWORKS);
  const errors: FieldError[] = [];
  for (const field of ['vllmMetricsUrl', 'dcgmMetricsUrl'] as const) {
    const url = spec[field];
    if (!url) continue;
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    const refusal = /^[\d.]+$|:/.test(host)
      ? outboundAddressRefusal(host, allowed.ok ? allowed.list : undefined)
      : null;
    if (refusal)
      errors.push(fieldError(field, `expected a URL the worker may reach: ${refusal} (METRICS_ALLOWED_NETWORKS)`));
  }
  return errors;
}

@Controller('v1/deployments')
@UseGuards(ApiKeyGuard)
export class DeploymentsController {
  constructor(
    private readonly deployments: DeploymentRepository,
    private readonly utilizationDays: DeploymentUtilizationDailyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @RequireRoles('finops', 'team')
  async list(@CurrentPrincipal() principal: Principal) {
    const all = await this.deployments.list(principal.role === 'finops' ? undefined : (principal.team ?? ''));
    return { deployments: all.map(shown) };
  }

  @Get(':name')
  @RequireRoles('finops', 'team')
  async get(@Param('name') name: string, @CurrentPrincipal() principal: Principal) {
    return shown(readable(await this.deployments.find(checkedName(name)), name, principal));
  }

  /** Utilization and idle waste per day in [from, to] (both UTC dates), as the nightly planner computed them. */
  @Get(':name/utilization')
  @RequireRoles('finops', 'team')
  async utilization(@Param('name') name: string, @Query() query: unknown, @CurrentPrincipal() principal: Principal) {
    readable(await this.deployments.find(checkedName(name)), name, principal);
    const q = validateRequestPart(utilizationQuery, query, 'query');
    const days = await this.utilizationDays.range(q.from, q.to, name);
    return { deployment: name, days };
  }

  @Put(':name')
  @RequireRoles('finops')
  async put(@Param('name') name: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    checkedName(name);
    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/json') {
      throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, [
        fieldError('headers.content-type', `expected application/json, got ${JSON.stringify(contentType)}`),
      ]);
    }
    const raw = await readRawBody(req, MAX_BODY_BYTES);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        fieldError('body', 'expected a JSON object describing the deployment; the body is not valid JSON'),
      ]);
    }
    // The name lives in the URL; a body may repeat it, but not contradict it.
    if (body && typeof body === 'object' && !Array.isArray(body) && Object.hasOwn(body, 'name')) {
      const { name: bodyName, ...rest } = body as Record<string, unknown>;
      if (bodyName !== name) {
        throw new ApiError(HttpStatus.BAD_REQUEST, [
          fieldError('name', `expected ${JSON.stringify(name)} (the name in the URL) or no name field`),
        ]);
      }
      body = rest;
    }
    const parsed = parseDeploymentSpec(body);
    if (!parsed.ok) throw new ApiError(HttpStatus.BAD_REQUEST, parsed.errors);
    const urlErrors = metricsUrlErrors(parsed.spec, this.config);
    if (urlErrors.length) throw new ApiError(HttpStatus.BAD_REQUEST, urlErrors);
    if (!(await this.deployments.teamExists(parsed.spec.team))) {
      const error: FieldError = fieldError(
        'team',
        `expected an existing team slug, got ${JSON.stringify(parsed.spec.team)} (create it with tokenmeter teams add)`,
      );
      throw new ApiError(HttpStatus.BAD_REQUEST, [error]);
    }
    const { deployment, created } = await this.deployments.upsert(name, parsed.spec);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return shown(deployment);
  }

  /** Deletes the description; its samples and usage stay, they are history. */
  @Delete(':name')
  @RequireRoles('finops')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('name') name: string): Promise<void> {
    if (!(await this.deployments.delete(checkedName(name)))) throw notFound(name);
  }
}
