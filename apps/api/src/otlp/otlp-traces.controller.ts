// POST /v1/traces: an OTLP/HTTP traces receiver, so applications instrumented with OpenTelemetry
// (OpenLLMetry, OpenLIT, the official GenAI instrumentations) send their spans straight to
// TokenMeter. Each span with GenAI token counts becomes one usage event on Kafka (answered only
// after Kafka acknowledged); other spans, and all prompt and completion content, are dropped.
import { Controller, HttpCode, HttpStatus, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { otlpRejectionMessage, otlpTracesToUsage, RecordSigner, UsageRecord } from '@tokenmeter/contracts';
import type { Request, Response } from 'express';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { recordSignerFor } from '../collector/record-signer';
import { UsageEventPublisher } from '../collector/usage-event-publisher';
import { ApiError } from '../http/api-error';
import { readRawBody } from '../http/raw-body';
import { IngestRateLimitGuard } from '../ingest-rate-limit/ingest-rate-limit.guard';
import { OtlpErrorFilter } from './otlp-error.filter';
import {
  decodeOtlpTraces,
  OTLP_CONTENT_TYPES,
  OTLP_MAX_BODY_BYTES,
  otlpEncodingOf,
  unsupportedContentType,
} from './otlp-request-decoder';
import { exportTraceResponse } from './otlp-response-encoder';

const DESCRIPTION =
  'OTLP/HTTP traces receiver (OpenTelemetry). Body: an ExportTraceServiceRequest, binary protobuf ' +
  '(`application/x-protobuf`) or OTLP/JSON (`application/json`), optionally with `Content-Encoding: gzip`. ' +
  'Each span whose attributes carry GenAI token counts (`gen_ai.usage.input_tokens`, ' +
  '`gen_ai.usage.output_tokens`, …) becomes one usage event (id `<traceId>-<spanId>`, ' +
  'source `otlp:<service.name>`, time = span end); other spans and all prompt and completion content ' +
  "are dropped. Team: the ingest key's; a finops key names it with " +
  '`X-TokenMeter-Team` or the resource attribute `tokenmeter.team`. Project: attribute `tokenmeter.project`. ' +
  'Invalid GenAI spans are rejected alone (200 with `partialSuccess`); errors are `google.rpc.Status`.';

@ApiTags('ingest')
@ApiBearerAuth()
@Controller('v1')
@UseGuards(ApiKeyGuard, IngestRateLimitGuard)
@RequireRoles('ingest', 'finops')
@UseFilters(OtlpErrorFilter)
export class OtlpTracesController {
  constructor(private readonly publisher: UsageEventPublisher) {}

  @Post('traces')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'OpenTelemetry spans (OTLP/HTTP) in, GenAI usage metered', description: DESCRIPTION })
  @ApiConsumes(OTLP_CONTENT_TYPES.protobuf, OTLP_CONTENT_TYPES.json)
  @ApiProduces(OTLP_CONTENT_TYPES.protobuf, OTLP_CONTENT_TYPES.json)
  @ApiHeader({ name: 'X-TokenMeter-Team', required: false, description: 'the team, for a finops key' })
  @ApiHeader({ name: 'Content-Encoding', required: false, description: 'gzip, or none' })
  @ApiBody({ description: 'ExportTraceServiceRequest (opentelemetry-proto)', schema: { type: 'object' } })
  @ApiOkResponse({ description: 'ExportTraceServiceResponse; partialSuccess {rejectedSpans, errorMessage} if any' })
  async traces(@Req() req: Request, @Res() res: Response, @CurrentPrincipal() principal: Principal): Promise<void> {
    const encoding = otlpEncodingOf(req.headers['content-type']);
    if (encoding === null) throw unsupportedContentType(req.headers['content-type']);
    const body = await readRawBody(req, OTLP_MAX_BODY_BYTES);
    const request = decodeOtlpTraces(body, encoding, req.headers['content-encoding']);
    const keyTeam = writableTeam(principal);
    const result = otlpTracesToUsage(request, { now: new Date(), keyTeam, headerTeam: teamHeader(req) });
    if (!result.ok) {
      throw new ApiError(result.reason === 'forbidden' ? HttpStatus.FORBIDDEN : HttpStatus.BAD_REQUEST, result.errors);
    }
    if (result.records.length > 0) await this.publish(result.records, recordSignerFor(req, principal));
    const rejectedSpans = result.rejectedSpans;
    const errorMessage = otlpRejectionMessage(rejectedSpans, result.errors);
    const partialSuccess = rejectedSpans > 0 ? { rejectedSpans, errorMessage } : null;
    const reply = exportTraceResponse(encoding, partialSuccess);
    res.status(HttpStatus.OK).type(reply.contentType).send(reply.body);
  }

  /** Kafka unreachable: 503, which OTLP exporters retry; the retry cannot double count (ids are the spans'). */
  private async publish(records: UsageRecord[], signer: RecordSigner): Promise<void> {
    try {
      await this.publisher.publish(records, signer);
    } catch (error) {
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, [
        { path: '', message: `the usage could not be handed to Kafka (${(error as Error).message}); retry later` },
      ]);
    }
  }
}

/** The team an ingest key writes for; null for a finops key, which may write for any team. */
function writableTeam(principal: Principal): string | null {
  if (principal.role === 'finops') return null;
  if (principal.team) return principal.team;
  const path = 'headers.authorization';
  throw new ApiError(HttpStatus.FORBIDDEN, [{ path, message: `${path}: this ingest key has no team` }]);
}

function teamHeader(req: Request): string | undefined {
  const value = req.headers['x-tokenmeter-team'];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
