// One JSON shape for every error the API returns:
//   { "status": 400, "error": "Bad Request", "errors": [{ "path": "events[3].data.outputTokens", "message": "…" }] }
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { isDatabaseUnavailableError } from '@tokenmeter/db';
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

/**
 * An error body stays small whatever the request held: a batch of a thousand bad events, each with
 * long unknown field names, must not be answered with many times its own size. The first problems
 * are listed in full (cut to a length), the rest are counted.
 */
export const MAX_LISTED_PROBLEMS = 100;
export const MAX_PATH_CHARS = 200;
export const MAX_MESSAGE_CHARS = 400;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function boundedProblems(problems: readonly FieldProblem[]): FieldProblem[] {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((problem) => ({
    path: clip(String(problem.path), MAX_PATH_CHARS),
    message: clip(String(problem.message), MAX_MESSAGE_CHARS),
  }));
  if (problems.length > MAX_LISTED_PROBLEMS)
    listed.push({ path: '', message: `and ${problems.length - MAX_LISTED_PROBLEMS} more problems not listed` });
  return listed;
}

/** Seconds a client is asked to wait before retrying a request the database could not take. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Any exception as the API's one error shape (also used by routes with their own wire format). */
export function apiErrorBody(exception: unknown): ApiErrorBody {
  if (!(exception instanceof HttpException) && isDatabaseUnavailableError(exception)) {
    const status = HttpStatus.SERVICE_UNAVAILABLE;
    const message = `the database is unavailable: retry after ${DATABASE_RETRY_AFTER_SECONDS} s`;
    return { status, error: HttpStatus[status], errors: [{ path: '', message }] };
  }
  const status = exception instanceof HttpException ? exception.getStatus() : HttpStatus.INTERNAL_SERVER_ERROR;
  const body = exception instanceof HttpException ? exception.getResponse() : null;
  const errors: FieldProblem[] =
    body && typeof body === 'object' && Array.isArray((body as { errors?: unknown }).errors)
      ? (body as { errors: FieldProblem[] }).errors
      : [{ path: '', message: exception instanceof HttpException ? exception.message : 'internal error' }];
  return { status, error: HttpStatus[status] ?? 'Error', errors: boundedProblems(errors) };
}

@Catch()
export class ApiErrorFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = apiErrorBody(exception);
    if (body.status === HttpStatus.SERVICE_UNAVAILABLE)
      res.setHeader('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
    res.status(body.status).json(body);
  }
}
