// The ingest app in this test process, pointed at a test database and test topics.

import { bootstrapIngest } from '../../apps/ingest/src/main';
import { parseConfig } from '../../libs/config/src/load-config';
import { freePorts } from './app-process';

export interface TestEnv {
  DATABASE_URL: string;
  TOPIC_PREFIX: string;
  INGEST_GROUP_ID: string;
  [name: string]: string;
}

export async function startIngestInProcess(env: TestEnv) {
  const config = parseConfig({
    ...process.env,
    LOG_LEVEL: 'error',
    INGEST_HTTP_PORT: String(freePorts().ingest),
    ...env,
  });
  return bootstrapIngest(config, { standalone: false });
}
