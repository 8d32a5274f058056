// apps/ingest: Kafka consumers only, plus a tiny HTTP server for health and metrics.
import 'reflect-metadata';
import { startApplicationContext } from '@tokenmeter/bootstrap';
import { AppConfig, loadConfigOrExit } from '@tokenmeter/config';
import { IngestModule } from './ingest.module';

/** `standalone: false` when several apps share a process (tokenmeter serve): the caller handles signals. */
export function bootstrapIngest(config: AppConfig = loadConfigOrExit(), { standalone = true } = {}) {
  return startApplicationContext(IngestModule.forRoot(config), { standalone });
}

if (require.main === module) void bootstrapIngest();
