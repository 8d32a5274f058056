// The HTML pages: sign-in, the dashboard and the weekly report. Plain HTML and inline SVG.
import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { isoWeekOf, shiftIsoWeek } from '@tokenmeter/contracts';
import { ApiKeyRepository } from '@tokenmeter/db';
import { renderDashboardPage, renderWeeklyReportPage, WeeklyReportBuilder } from '@tokenmeter/reports';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiQueryFromZod } from '../http/openapi-zod';
import { validateRequestPart } from '../http/request-validation';
import { principalLabel, reportQuery, reportTeam, reportWeek } from '../reports/report-scope';
import { crossSiteProblem, csrfCookie, csrfTokenProblem, newCsrfToken } from './csrf';
import { HTML, HtmlPage } from './html-page.decorator';
import { renderLoginPage } from './login-page';
import { PageAuthGuard } from './page-auth.guard';
import { PageErrorFilter } from './page-error.filter';
import { readFormFields } from './page-form';
import { readCookie, SESSION_COOKIE, SESSION_TTL_SECONDS, SessionStore } from './session-store';

/** Only a local path may follow sign-in (no open redirect to another site). */
function safeNext(next: string | null | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/dashboard';
}

function sessionCookie(req: Request, value: string, maxAge: number): string {
  return (
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; ` +
    `Max-Age=${maxAge}${req.secure ? '; Secure' : ''}`
  );
}

@ApiTags('pages')
@Controller()
@UseFilters(PageErrorFilter)
export class PagesController {
  constructor(
    private readonly builder: WeeklyReportBuilder,
    private readonly keys: ApiKeyRepository,
    private readonly sessions: SessionStore,
  ) {}

  @Get('login')
  @ApiProduces('text/html')
  login(@Query('next') next: string | undefined, @Req() req: Request, @Res() res: Response): void {
    this.sendLoginPage(req, res, HttpStatus.OK, { next: safeNext(next) });
  }

  /**
   * Form sign-in (application/x-www-form-urlencoded: key, next, csrf): sets the session cookie and
   * goes to `next`. Only from this site's own form (csrf.ts).
   */
  @Post('login')
  @ApiProduces('text/html')
  async signIn(@Req() req: Request, @Res() res: Response): Promise<void> {
    const crossSite = crossSiteProblem(req);
    if (crossSite) {
      this.sendLoginPage(req, res, HttpStatus.FORBIDDEN, { next: '/dashboard', error: `Refused: ${crossSite}.` });
      return;
    }
    const form = await readFormFields(req);
    const next = safeNext(form.get('next'));
    const staleForm = csrfTokenProblem(req, form);
    if (staleForm) {
      this.sendLoginPage(req, res, HttpStatus.FORBIDDEN, {
        next,
        error: `Refused: ${staleForm}; please sign in again.`,
      });
      return;
    }
    const principal = await this.keys.authenticate((form.get('key') ?? '').trim());
    if (!principal || principal.role === 'ingest') {
      const error = principal
        ? 'An ingest key cannot read reports: use a team or finops key.'
        : 'Unknown, expired or revoked API key.';
      this.sendLoginPage(req, res, principal ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED, { next, error });
      return;
    }
    const id = await this.sessions.create(principal);
    res
      .setHeader('set-cookie', [sessionCookie(req, id, SESSION_TTL_SECONDS), csrfCookie(req, '', 0)])
      .redirect(303, next);
  }

  /** Sign-out: only from this site's own pages (csrf.ts), so another site cannot sign a reader out. */
  @Post('logout')
  @ApiProduces('text/html')
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    const crossSite = crossSiteProblem(req);
    if (crossSite) {
      res.status(HttpStatus.FORBIDDEN).type('text/plain').send(`Refused: ${crossSite}.`);
      return;
    }
    const id = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (id) await this.sessions.destroy(id);
    res.setHeader('set-cookie', sessionCookie(req, '', 0)).redirect(303, '/login');
  }

  /** The sign-in form with a fresh CSRF token, set in its cookie too. */
  private sendLoginPage(req: Request, res: Response, status: number, opts: { next: string; error?: string }): void {
    const csrf = newCsrfToken();
    res
      .status(status)
      .type(HTML)
      .setHeader('cache-control', 'no-store')
      .setHeader('set-cookie', csrfCookie(req, csrf))
      .send(renderLoginPage({ ...opts, csrf }));
  }

  @Get('dashboard')
  @UseGuards(PageAuthGuard)
  @RequireRoles('team', 'finops')
  @HtmlPage()
  async dashboard(@CurrentPrincipal() principal: Principal): Promise<string> {
    const now = new Date();
    const week = isoWeekOf(now);
    const report = await this.builder.build(week, reportTeam(principal, undefined), now);
    return renderDashboardPage(report, shiftIsoWeek(week, -1), principalLabel(principal));
  }

  @Get('reports/weekly/:week')
  @UseGuards(PageAuthGuard)
  @RequireRoles('team', 'finops')
  @ApiParam({ name: 'week', description: 'ISO week, e.g. 2026-W47' })
  @ApiQueryFromZod(reportQuery)
  @HtmlPage()
  async weeklyReport(
    @Param('week') week: string,
    @Query() query: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<string> {
    const now = new Date();
    const params = validateRequestPart(reportQuery, query, 'query');
    const report = await this.builder.findOrBuild(reportWeek(week, now), reportTeam(principal, params.team), now);
    return renderWeeklyReportPage(report, principalLabel(principal));
  }
}
