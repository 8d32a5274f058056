// apps/worker: the scheduler and the BullMQ processors; the only app that registers job handlers.
import 'reflect-metadata';
import { startApplicationContext } from '@tokenmeter/bootstrap';
import { AppConfig, loadConfigOrExit } from '@tokenmeter/config';
import { WorkerModule } from './worker.module';

/** `standalone: false` when several apps share a process (tokenmeter serve): the caller handles signals. */
export function bootstrapWorker(config: AppConfig = loadConfigOrExit(), { standalone = true } = {}) {
  return startApplicationContext(WorkerModule.forRoot(config), { standalone });
}

if (require.main === module) void bootstrapWorker();
