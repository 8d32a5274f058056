// A Kafka broker and a PostgreSQL server of a test's own, for tests that stop and restart them:
// the machine's shared services are never touched, so these tests run beside any other suite.
// The broker is scripts/stack.sh's (SASL/SCRAM, ACLs, topics) on free ports and a directory of its
// own; Postgres is a throwaway cluster (initdb) on a free port, started and stopped with pg_ctl.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { applyMigrations, ensureDatabase, readMigrations } from '../../libs/db/src/migrations/index-for-tests';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');
const PG_BIN = process.env.TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A port nothing listens on now (the kernel's pick, released at once). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface IsolatedKafka {
  brokers: string;
  /** `bash scripts/stack.sh down` then `up`: the same storage, so topics, users and offsets survive. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startIsolatedKafka(): Promise<IsolatedKafka> {
  const [port, controllerPort] = [await freePort(), await freePort()];
  mkdirSync(path.join(ROOT, '.stack'), { recursive: true }); // a fresh clone has none yet
  const dir = mkdtempSync(path.join(ROOT, '.stack', 'test-kafka-'));
  const env = {
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_STACK_DIR: dir,
    STACK_KAFKA_ONLY: '1',
  };
  const stack = async (command: 'up' | 'down') => {
    try {
      await run('bash', ['scripts/stack.sh', command], { cwd: ROOT, env, timeout: 240_000 });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`stack.sh ${command} (Kafka on ${port}) failed:\n${stdout ?? ''}${stderr ?? ''}`);
    }
  };
  await stack('up');
  return {
    brokers: `127.0.0.1:${port}`,
    restart: async () => {
      await stack('down');
      await stack('up');
    },
    stop: async () => {
      await stack('down').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface IsolatedPostgres {
  /** A migrated database `tokenmeter` on this server. */
  url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startIsolatedPostgres(): Promise<IsolatedPostgres> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tokenmeter-test-pg-'));
  const data = path.join(dir, 'data');
  // initdb refuses to run as root: then the cluster belongs to the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  chmodSync(dir, 0o700);
  const pg = (tool: string, args: string[]) => {
    const [command, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(PG_BIN, tool), ...args]]
      : [path.join(PG_BIN, tool), args];
    return run(command, argv, { timeout: 120_000 });
  };
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`;
  const ctl = (...args: string[]) => pg('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', ...args]);
  await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  await ctl('-o', options, 'start');
  const url = `postgresql://postgres@127.0.0.1:${port}/tokenmeter`;
  await ensureDatabase(url);
  await applyMigrations(url, readMigrations(path.join(ROOT, 'prisma/migrations')));
  return {
    url,
    // -m fast: sessions are cut off as in a crash of the server, but the restart is quick.
    restart: async () => {
      await ctl('-m', 'fast', '-o', options, 'restart');
    },
    stop: async () => {
      await ctl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
