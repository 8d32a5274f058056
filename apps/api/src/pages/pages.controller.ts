// The HTML pages: sign-in, the dashboard and the weekly report. Plain HTML and inline SVG.
import {
  Controller,
  Get,
  Header,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { isoWeekOf, shiftIsoWeek } from '@tokenmeter/contracts';
import { ApiKeyRepository } from '@tokenmeter/db';
import { renderDashboardPage, renderWeeklyReportPage, WeeklyReportBuilder } from '@tokenmeter/reports';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { ApiQueryFromZod } from '../http/openapi-zod';
import { readRawBody } from '../http/raw-body';
import { validateRequestPart } from '../http/request-validation';
import { principalLabel, reportQuery, reportTeam, reportWeek } from '../reports/report-scope';
import { renderLoginPage } from './login-page';
import { PageAuthGuard } from './page-auth.guard';
import { PageErrorFilter } from './page-error.filter';
import { readCookie, SESSION_COOKIE, SESSION_TTL_SECONDS, SessionStore } from './session-store';

const FORM_LIMIT = 4 * 1024;
const HTML = 'text/html; charset=utf-8';

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
  @Header('content-type', HTML)
  login(@Query('next') next: string | undefined): string {
    return renderLoginPage({ next: safeNext(next) });
  }

  /** Form sign-in (application/x-www-form-urlencoded: key, next): sets the session cookie and goes to `next`. */
  @Post('login')
  @ApiProduces('text/html')
  async signIn(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form = new URLSearchParams((await readRawBody(req, FORM_LIMIT)).toString('utf8'));
    const next = safeNext(form.get('next'));
    const principal = await this.keys.authenticate((form.get('key') ?? '').trim());
    if (!principal || principal.role === 'ingest') {
      const error = principal
        ? 'An ingest key cannot read reports: use a team or finops key.'
        : 'Unknown or revoked API key.';
      res
        .status(principal ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED)
        .type(HTML)
        .send(renderLoginPage({ next, error }));
      return;
    }
    const id = await this.sessions.create(principal);
    res.setHeader('set-cookie', sessionCookie(req, id, SESSION_TTL_SECONDS)).redirect(303, next);
  }

  @Post('logout')
  @ApiProduces('text/html')
  async signOut(@Req() req: Request, @Res() res: Response): Promise<void> {
    const id = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (id) await this.sessions.destroy(id);
    res.setHeader('set-cookie', sessionCookie(req, '', 0)).redirect(303, '/login');
  }

  @Get('dashboard')
  @UseGuards(PageAuthGuard)
  @RequireRoles('team', 'finops')
  @ApiProduces('text/html')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
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
  @ApiProduces('text/html')
  @Header('content-type', HTML)
  @Header('cache-control', 'no-store')
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
