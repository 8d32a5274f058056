// Runs one of the apps as its own process, the way production does, for tests that kill it.
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface AppProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/**
 * `root`: the tree to run from (the repository, or another copy of its files such as the image's);
 * `built`: that tree holds the build (compiled JavaScript, as the image does), not the TypeScript.
 */
export function startApp(
  app: 'api' | 'ingest' | 'worker',
  env: Record<string, string>,
  root = ROOT,
  { built = false } = {},
): AppProcess {
  const args = built ? [`apps/${app}/src/main.js`] : ['-r', './scripts/register.js', `apps/${app}/src/main.ts`];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    output: () => output,
    exited,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `url` until it answers 200, or fails with the app's output. */
export async function waitForHttp(url: string, app?: AppProcess, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < until) {
    if (app && app.child.exitCode !== null) throw new Error(`app exited with ${app.child.exitCode}:\n${app.output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not answer in ${timeoutMs} ms (${lastError})\n${app?.output() ?? ''}`);
}

// Below Linux's ephemeral range (32768+), where outgoing connections would already hold some ports,
// and clear of the machine's own services (RabbitMQ's 25672 among them).
let nextPort = 21_000 + Math.floor(Math.random() * 400) * 10;
/** Ports for one test's apps, distinct across the suites of one run. */
export function freePorts(): { api: number; ingest: number; worker: number } {
  nextPort += 10;
  return { api: nextPort, ingest: nextPort + 1, worker: nextPort + 2 };
}
