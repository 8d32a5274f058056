// Each app boots on its own, reports health, readiness and metrics, and leaves cleanly on SIGTERM;
// a bad environment stops it with one line that names the variable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppEnv, createAppEnv } from '../support/app-env';
import { startApp, waitForHttp } from '../support/app-process';
import type { TestDatabase } from '../support/test-database';

describe('apps boot on their own', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let ports: AppEnv['ports'];

  beforeAll(async () => {
    ({ db, env, ports } = await createAppEnv());
  });

  afterAll(async () => db?.drop());

  it.each([
    ['api', 'api'],
    ['ingest', 'ingest'],
    ['worker', 'worker'],
  ] as const)('%s: /healthz, /readyz, /metrics, then SIGTERM closes it cleanly', async (app, portKey) => {
    const proc = startApp(app, env);
    const base = `http://127.0.0.1:${ports[portKey]}`;
    try {
      await waitForHttp(`${base}/healthz`, proc);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        ready: true,
        checks: { postgres: { ok: true }, redis: { ok: true }, kafka: { ok: true } },
      });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('# TYPE tokenmeter_process_cpu_user_seconds_total counter');
    } finally {
      // Nest closes every module, then re-raises the signal: a graceful exit reads as SIGTERM or 0.
      expect([0, 'SIGTERM']).toContain(await proc.stop('SIGTERM'));
    }
  });

  it('a malformed DATABASE_URL stops the app with one line naming it', async () => {
    const proc = startApp('worker', { ...env, DATABASE_URL: 'nonsense' });
    const code = await proc.exited;
    expect(code).not.toBe(0);
    const lines = proc.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^config: DATABASE_URL: expected a postgresql:\/\/ .* got "nonsense"$/);
  });
});
