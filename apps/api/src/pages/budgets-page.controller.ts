// The budgets page (/budgets): finops lists, sets, changes and removes monthly budgets; a team key
// sees its own team's budgets and their standing. The forms post here and come back to the page
// (303); they are checked exactly as PUT and DELETE /v1/budgets are (budget-schemas.ts).
import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiKeyRepository, BudgetRepository, TeamRepository } from '@tokenmeter/db';
import { renderBudgetsPage } from '@tokenmeter/reports';
import type { Request, Response } from 'express';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import type { Principal } from '../auth/principal';
import { RequireRoles } from '../auth/roles.decorator';
import { scopedTeam } from '../auth/team-scope';
import { budgetInput } from '../budgets/budget-input';
import { BUDGET_ID, budgetListQuery, putBudgetBody } from '../budgets/budget-schemas';
import { BudgetStatusSnapshot } from '../budgets/budget-status-snapshot.service';
import { ApiError } from '../http/api-error';
import { ApiQueryFromZod } from '../http/openapi-zod';
import { validateRequestPart } from '../http/request-validation';
import { principalLabel } from '../reports/report-scope';
import { CSRF_FIELD, crossSiteProblem, sessionFormToken, sessionFormTokenProblem } from './csrf';
import { HtmlPage } from './html-page.decorator';
import { PageAuthGuard } from './page-auth.guard';
import { PageErrorFilter } from './page-error.filter';
import { readFormFields } from './page-form';
import { readCookie, SESSION_COOKIE } from './session-store';

/** A browser signed in with a session cookie; a caller that sends its key on each request is not one. */
function signedInBrowser(req: Request): boolean {
  return req.headers.authorization === undefined && req.headers['x-api-key'] === undefined;
}

@ApiTags('pages')
@Controller('budgets')
@UseFilters(PageErrorFilter)
@UseGuards(PageAuthGuard)
export class BudgetsPageController {
  constructor(
    private readonly budgets: BudgetRepository,
    private readonly snapshot: BudgetStatusSnapshot,
    private readonly keys: ApiKeyRepository,
    private readonly teams: TeamRepository,
  ) {}

  @Get()
  @RequireRoles('team', 'finops')
  @ApiQueryFromZod(budgetListQuery)
  @HtmlPage()
  async page(@Query() query: unknown, @CurrentPrincipal() principal: Principal, @Req() req: Request): Promise<string> {
    const team = scopedTeam(principal, validateRequestPart(budgetListQuery, query, 'query').team);
    const budgets = await this.budgets.list(team);
    const standings = await Promise.all(budgets.map((row) => this.snapshot.budgetStatusOf(row)));
    const rows = budgets.map((row, i) => ({ ...row, status: standings[i]!.status }));
    const session = readCookie(req.headers.cookie, SESSION_COOKIE);
    return renderBudgetsPage(
      {
        scope: team === undefined ? 'whole organization' : `team ${team}`,
        rows,
        asOf: standings[0]?.asOf ?? null,
        canManage: principal.role === 'finops',
        formToken: session && signedInBrowser(req) ? sessionFormToken(session) : '',
      },
      principalLabel(principal),
    );
  }

  /** Sets (creates or replaces) a budget from the page's form: team, project or key, amount, unit, hardLimit. */
  @Post()
  @RequireRoles('finops')
  @ApiProduces('text/html')
  async set(@Req() req: Request, @Res() res: Response): Promise<void> {
    const form = await this.readForm(req);
    const body = validateRequestPart(
      putBudgetBody,
      {
        ...Object.fromEntries(form),
        project: form.get('project')?.trim() || null,
        key: form.get('key')?.trim() || null,
        // An unticked checkbox is not sent at all.
        hardLimit: form.has('hardLimit'),
      },
      'body',
    );
    await this.budgets.upsert(await budgetInput(body, this.keys, this.teams));
    await this.snapshot.refresh();
    res.redirect(303, '/budgets');
  }

  @Post(':id/delete')
  @RequireRoles('finops')
  @ApiParam({ name: 'id', description: 'the budget id' })
  @ApiProduces('text/html')
  async remove(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.readForm(req);
    if (!BUDGET_ID.test(id) || !(await this.budgets.delete(id))) {
      throw new ApiError(HttpStatus.NOT_FOUND, [
        { path: 'path.id', message: `path.id: no budget ${JSON.stringify(id)}` },
      ]);
    }
    await this.snapshot.refresh();
    res.redirect(303, '/budgets');
  }

  /** The form's fields without its token, once the post is shown to come from this site's own page. */
  private async readForm(req: Request): Promise<URLSearchParams> {
    const crossSite = crossSiteProblem(req);
    if (crossSite) throw new ApiError(HttpStatus.FORBIDDEN, [{ path: 'headers', message: `refused: ${crossSite}` }]);
    const form = await readFormFields(req);
    const forged = signedInBrowser(req) ? sessionFormTokenProblem(req, form) : null;
    if (forged)
      throw new ApiError(HttpStatus.FORBIDDEN, [{ path: `body.${CSRF_FIELD}`, message: `refused: ${forged}` }]);
    form.delete(CSRF_FIELD);
    return form;
  }
}
