// The collector endpoint: validates usage, puts it on Kafka and answers 202 only after Kafka
// acknowledged it. A request with any invalid event is refused whole (400, every error listed),
// and nothing from it is produced.

import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, HttpStatus, Param, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import {
  decodeUsageBatch,
  decodeUsageMessage,
  FieldError,
  fieldError,
  foreignDeploymentRefusal,
  httpContentMode,
  MAX_BATCH_BYTES,
  PROVIDER_NAMES,
  ProviderName,
  parseHttpBinaryUsageEvent,
  parseUsageEvent,
  rawUsageEventType,
  UsageRecord,
} from '@tokenmeter/contracts';
import { DeploymentRepository } from '@tokenmeter/db';
import type { Request } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiError } from '../http/api-error';
import { readRawBody } from '../http/raw-body';
import { IngestRateLimitGuard } from '../ingest-rate-limit/ingest-rate-limit.guard';
import { recordSignerFor } from './record-signer';
import { UsageEventPublisher } from './usage-event-publisher';

@ApiTags('ingest')
@ApiBearerAuth()
@Controller('v1')
@UseGuards(ApiKeyGuard, IngestRateLimitGuard)
@RequireRoles('ingest', 'finops')
export class CollectorController {
  constructor(
    private readonly publisher: UsageEventPublisher,
    private readonly deployments: DeploymentRepository,
  ) {}

  /** An event may name a deployment only of its own team (libs/contracts deployment-ownership.ts). */
  private async checkDeployments(records: UsageRecord[], path: string): Promise<void> {
    const named = records.flatMap((record) => (record.deployment ? [record.deployment] : []));
    if (named.length === 0) return;
    const owners = await this.deployments.teamsOf(named);
    const errors = records.flatMap((record, i) => {
      const refusal = foreignDeploymentRefusal(record, owners);
      if (refusal === null) return [];
      const at = path.startsWith('headers') || path === 'body' ? `${path}.deployment` : recordPath(path, records, i);
      return [fieldError(at, refusal)];
    });
    if (errors.length) throw new ApiError(HttpStatus.FORBIDDEN, errors);
  }

  /**
   * The CloudEvents HTTP binding's three content modes: one event in structured mode
   * (application/cloudevents+json), a batch (application/cloudevents-batch+json), or one event in
   * binary mode (attributes in ce- headers, the usage data as the application/json body).
   */
  @Post('events')
  @HttpCode(HttpStatus.ACCEPTED)
  async events(@Req() req: Request, @CurrentPrincipal() principal: Principal) {
    const body = await readRawBody(req, MAX_BATCH_BYTES);
    const now = new Date();
    const contentMode = httpContentMode(req.headers);
    if (contentMode.mode === 'unsupported') throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, [contentMode.error]);
    // Before binary mode, application/json carried the event (or an array of them) in the body.
    const isBatch =
      contentMode.mode === 'batched' ||
      (contentMode.mode === 'json' && body.subarray(0, 64).toString().trimStart().startsWith('['));
    let records: UsageRecord[];
    let teamPath = isBatch ? 'events' : 'event';
    if (isBatch) {
      const result = decodeUsageBatch(body, { now, path: 'events' });
      if (!result.ok) throw badRequest(result.errors);
      records = result.records;
    } else if (contentMode.mode === 'binary') {
      const result = parseHttpBinaryUsageEvent(req.headers, body, { now });
      if (!result.ok) throw badRequest(result.errors);
      records = [result.record];
      teamPath = 'headers.ce-subject';
    } else {
      const result = decodeUsageMessage(body, { now, path: 'event' });
      if (!result.ok) throw badRequest(result.errors);
      records = [result.record];
    }
    checkTeams(records, principal, teamPath);
    await this.checkDeployments(records, isBatch ? 'events' : contentMode.mode === 'binary' ? 'body' : 'event');
    await this.publisher.publish(records, recordSignerFor(req, principal));
    return { accepted: records.length };
  }

  /**
   * A provider's own response (or usage object) as the body; attribution in headers:
   * x-tokenmeter-team (default: the key's team), x-tokenmeter-project, x-tokenmeter-event-id
   * (default: the response's own id), x-tokenmeter-source, x-tokenmeter-time (default: now).
   */
  @Post('usage/:provider')
  @HttpCode(HttpStatus.ACCEPTED)
  async providerUsage(
    @Req() req: Request,
    @Param('provider') provider: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (!(PROVIDER_NAMES as readonly string[]).includes(provider)) {
      throw new ApiError(HttpStatus.NOT_FOUND, [
        { path: 'path.provider', message: `expected one of ${PROVIDER_NAMES.join(', ')}, got "${provider}"` },
      ]);
    }
    const body = await readRawBody(req, MAX_BATCH_BYTES);
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw badRequest([{ path: 'body', message: `not valid JSON: ${(error as Error).message}` }]);
    }
    const header = (name: string) => (req.headers[name] as string | undefined)?.trim() || undefined;
    const responseId =
      typeof (payload as { id?: unknown })?.id === 'string' ? (payload as { id: string }).id : undefined;
    const team = header('x-tokenmeter-team') ?? principal.team ?? undefined;
    const event = {
      specversion: '1.0',
      id: header('x-tokenmeter-event-id') ?? responseId ?? randomUUID(),
      source: header('x-tokenmeter-source') ?? `tokenmeter:/v1/usage/${provider}`,
      type: rawUsageEventType(provider as ProviderName),
      time: header('x-tokenmeter-time') ?? new Date().toISOString(),
      subject: team,
      ...(header('x-tokenmeter-project') ? { project: header('x-tokenmeter-project') } : {}),
      data: payload,
    };
    const result = parseUsageEvent(event, { now: new Date(), path: '' });
    if (!result.ok) throw badRequest(result.errors.map((e) => ({ ...e, path: headerPath(e.path) })));
    checkTeams([result.record], principal, 'headers.x-tokenmeter-team');
    await this.checkDeployments([result.record], 'body');
    await this.publisher.publish([result.record], recordSignerFor(req, principal));
    return { accepted: 1, id: result.record.id, usage: result.record };
  }
}

function badRequest(errors: FieldError[]): ApiError {
  return new ApiError(HttpStatus.BAD_REQUEST, errors);
}

/** An ingest key writes for its own team only. */
function checkTeams(records: UsageRecord[], principal: Principal, path: string): void {
  if (principal.role === 'finops') return;
  const errors = records.flatMap((record, i) => {
    if (record.team === principal.team) return [];
    const at = path.startsWith('headers')
      ? path
      : records.length > 1 || path === 'events'
        ? `${path}[${i}].subject`
        : `${path}.subject`;
    // The message names where, as every other error does.
    return [fieldError(at, `expected "${principal.team}" (the ingest key's team), got "${record.team}"`)];
  });
  if (errors.length) throw new ApiError(HttpStatus.FORBIDDEN, errors);
}

function recordPath(path: string, records: UsageRecord[], i: number): string {
  return records.length > 1 || path === 'events' ? `${path}[${i}].data.deployment` : `${path}.data.deployment`;
}

/** Errors about the synthesized envelope point at the header that fed it. */
function headerPath(path: string): string {
  const map: Record<string, string> = {
    subject: 'headers.x-tokenmeter-team',
    id: 'headers.x-tokenmeter-event-id',
    source: 'headers.x-tokenmeter-source',
    time: 'headers.x-tokenmeter-time',
    project: 'headers.x-tokenmeter-project',
  };
  if (map[path]) return map[path];
  return path.startsWith('data') ? `body${path.slice(4)}` : path;
}
