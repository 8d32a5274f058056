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

@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
    const body = exception instanceof HttpException ? exception.getResponse() : null;
    const errors: FieldProblem[] =
      body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)
        ? (body as { errors: FieldProblem[] }).errors
        : [{ path: '', message: exception instanceof HttpException ? exception.message : 'internal error' }];
    res.status(status).json({ status, error: HttpStatus[status] ?? 'Error', errors });
  }
}
