// What the README's sending snippets run against: the api and ingest apps in this process on a
// database and topics of their own, the team `search` and an ingest key for it, and a shell that
// runs the snippets as a reader would.
import { spawn } from 'node:child_process';
import { ApiKeyRepository, TeamRepository } from '../../libs/db/src';
import { startApiInProcess } from './api-harness';
import { startIngestInProcess } from './ingest-harness';
import { ROOT } from './readme-blocks';
import { createUsageSuite, type UsageSuite } from './usage-suite';

export interface ReadmeStack {
  suite: UsageSuite;
  ingestKey: string;
  ingestKeyId: string;
  /** The api's port, which replaces the README's 3000. */
  apiPort: string;
  close(): Promise<void>;
}

export async function startReadmeStack(): Promise<ReadmeStack> {
  const suite = await createUsageSuite();
  const api = await startApiInProcess(suite.env);
  const ingest = await startIngestInProcess(suite.env);
  await api.app.get(TeamRepository).upsert({ slug: 'search', name: 'Search' });
  const created = await api.app.get(ApiKeyRepository).create({ role: 'ingest', team: 'search', name: 'readme' });
  return {
    suite,
    ingestKey: created.key,
    ingestKeyId: created.keyId,
    apiPort: new URL(api.baseUrl).port,
    close: async () => {
      await api.app.close();
      await ingest.close();
      await suite.close();
    },
  };
}

/** Runs a bash script from the repository root; stdout and stderr come back apart. */
export function runShell(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const shell = spawn('bash', ['-c', script], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  shell.stdout.on('data', (chunk) => (stdout += chunk));
  shell.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => shell.once('exit', (code) => resolve({ code, stdout, stderr })));
}
