// scripts/stack.sh is idempotent: a running broker is reused, never duplicated, and a killed one
// comes back with the next `up` (which is what `npm test` and `npm run demo` call).
import { execFileSync, execSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testKafka } from '../support/kafka-helpers';

const ROOT = path.resolve(__dirname, '../..');
const stack = (command: string) =>
  execFileSync('bash', ['scripts/stack.sh', command], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
const brokerPids = () =>
  execSync("pgrep -f 'kafka\\.Kafka ' || true", { encoding: 'utf8', shell: '/bin/bash' }).split('\n').filter(Boolean);

async function brokerAnswers(): Promise<boolean> {
  const admin = testKafka().admin();
  try {
    await admin.connect();
    return (await admin.describeCluster()).brokers.length === 1;
  } finally {
    await admin.disconnect();
  }
}

describe('local stack', () => {
  it('reuses a running broker, and brings a killed one back', async () => {
    expect(stack('up')).toMatch(/kafka\s+already running/);
    const [pid] = brokerPids();
    expect(brokerPids()).toHaveLength(1);

    execSync(`kill -9 ${pid}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(stack('status')).toMatch(/kafka\s+down/);

    expect(stack('up')).toMatch(/kafka\s+starting broker/);
    expect(brokerPids()).toHaveLength(1);
    expect(brokerPids()[0]).not.toBe(pid);
    expect(await brokerAnswers()).toBe(true);

    expect(stack('up')).toMatch(/kafka\s+already running/);
    expect(brokerPids()).toHaveLength(1);
  });
});
