// A validated budget (PUT /v1/budgets, the budgets page) checked against the team and the key it
// names and turned into what BudgetRepository stores: a registered team; a key budget names a key of
// its team (or an organization-wide key signing for it) and no project.
import { HttpStatus } from '@nestjs/common';
import { ApiKeyRepository, BudgetInput, TeamRepository } from '@tokenmeter/db';
import type { z } from 'zod';
import { ApiError } from '../http/api-error';
import type { putBudgetBody } from './budget-schemas';

export async function budgetInput(
  body: z.output<typeof putBudgetBody>,
  keys: ApiKeyRepository,
  teams: TeamRepository,
): Promise<BudgetInput> {
  const { key, ...rest } = body;
  // A budget of a team nobody can send usage for would watch nothing, silently.
  if ((await teams.findBySlug(rest.team)) === null)
    throw new ApiError(HttpStatus.BAD_REQUEST, [
      {
        path: 'body.team',
        message: `body.team: expected the slug of a registered team, got ${JSON.stringify(rest.team)}`,
      },
    ]);
  if (key !== null) {
    if (rest.project !== null)
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        {
          path: 'body.project',
          message: 'body.project: expected null with body.key (a key budget counts every project of the key)',
        },
      ]);
    const owner = await keys.ownerOf(key);
    if (owner === null || (owner.team !== null && owner.team !== rest.team))
      throw new ApiError(HttpStatus.BAD_REQUEST, [
        {
          path: 'body.key',
          message: `body.key: expected the id of an API key of team "${rest.team}", got ${JSON.stringify(key)}`,
        },
      ]);
  }
  return { ...rest, apiKeyId: key };
}
