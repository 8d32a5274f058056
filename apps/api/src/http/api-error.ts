// One JSON shape for every error the API returns:
//   { "status": 400, "error": "Bad Request", "errors": [{ "path": "events[3].data.outputTokens", "message": "…" }] }
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Response } from 'express';

export interface FieldProblem {
  path: string;
  message: string;
}

export class ApiError extends HttpException {
  constructor(status: HttpStatus, errors: FieldProblem[]) {
    super({ errors }, status);
  }
}

export interface ApiErrorBody {
  status: number;
  error: string;
  errors: FieldProblem[];
}

/** Any exception as the API's one error shape (also used by routes with their own wire format). */
export function apiErrorBody(exception: unknown): ApiErrorBody {
  const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
  const body = exception instanceof HttpException ? exception.getResponse() : null;
  const errors: FieldProblem[] =
    body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)
      ? (body as { errors: FieldProblem[] }).errors
      : [{ path: '', message: exception instanceof HttpException ? exception.message : 'internal error' }];
  return { status, error: HttpStatus[status] ?? 'Error', errors };
}

@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = apiErrorBody(exception);
    res.status(body.status).json(body);
  }
}
