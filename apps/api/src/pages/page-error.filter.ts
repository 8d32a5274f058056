// Errors on pages: a browser without a session goes to the sign-in form, other errors read as a
// small HTML page; API clients (no text/html in Accept) get the API's one JSON error shape.
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import { escapeHtml, renderPage } from '@tokenmeter/reports';
import type { Request, Response } from 'express';
import { ApiErrorFilter, FieldProblem } from '../http/api-error';
import { HTML } from './html-page.decorator';
import { SignInRequired } from './page-auth.guard';

export function wantsHtml(req: Request): boolean {
  return req.accepts(['application/json', 'text/html']) === 'text/html';
}

@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly json = new ApiErrorFilter();

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (!wantsHtml(req) || !(exception instanceof HttpException)) {
      this.json.catch(exception, host);
      return;
    }
    if (exception instanceof SignInRequired) {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    const status = exception.getStatus();
    const errors = ((exception.getResponse() as { errors?: FieldProblem[] }).errors ?? []).map((e) => e.message);
    const body =
      `<h1>${status} ${escapeHtml(HttpStatus[status] ?? 'Error')}</h1>` +
      `${errors.map((m) => `<p>${escapeHtml(m)}</p>`).join('')}` +
      `<p><a href="/dashboard">Dashboard</a> · <a href="/login">Sign in with another key</a></p>`;
    res
      .status(status)
      .type(HTML)
      .send(renderPage({ title: String(status), who: null, body }));
  }
}
