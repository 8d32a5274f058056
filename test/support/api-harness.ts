// The api app in this test process, pointed at a test database and test topics.
import { bootstrapApi } from '../../apps/api/src/main';
import { parseConfig } from '../../libs/config/src/load-config';
import { freePorts } from './app-process';
import type { TestEnv } from './ingest-harness';

export async function startApiInProcess(env: TestEnv) {
  const port = freePorts().api;
  const config = parseConfig({ ...process.env, LOG_LEVEL: 'error', API_PORT: String(port), ...env });
  const app = await bootstrapApi(config, { standalone: false });
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}
