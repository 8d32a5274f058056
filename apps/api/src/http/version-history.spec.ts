import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { versionHistory } from './version-history';

describe('versionHistory', () => {
  const asked: number[] = [];
  const read = async (limit: number) => {
    asked.push(limit);
    return [{ version: 2 }, { version: 1 }];
  };

  it('reads 50 versions unless the query asks for another number', async () => {
    expect(await versionHistory({}, read)).toEqual({ versions: [{ version: 2 }, { version: 1 }] });
    await versionHistory({ limit: '5' }, read);
    expect(asked).toEqual([50, 5]);
  });

  it.each(['0', '501', '2.5', 'all'])('refuses limit=%s with a 400 naming query.limit', async (limit) => {
    const error = await versionHistory({ limit }, read).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).getStatus()).toBe(400);
    expect((error as ApiError).getResponse()).toEqual({
      errors: [
        {
          path: 'query.limit',
          message: `query.limit: expected a whole number from 1 to 500, got ${JSON.stringify(limit)}`,
        },
      ],
    });
  });
});
