// Errors of the OTLP receiver, guards' included (401, 403, 429), as the OTLP/HTTP spec wants them:
// a google.rpc.Status in the request's encoding (JSON when the Content-Type named neither).
import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { apiErrorBody } from '../http/api-error';
import { otlpEncodingOf } from './otlp-request-decoder';
import { statusResponse } from './otlp-response-encoder';

@Catch()
export class OtlpErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const encoding = otlpEncodingOf(http.getRequest<Request>().headers['content-type']) ?? 'json';
    const error = apiErrorBody(exception);
    const reply = statusResponse(encoding, error);
    http.getResponse<Response>().status(error.status).type(reply.contentType).send(reply.body);
  }
}
