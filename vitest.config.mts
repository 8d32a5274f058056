import path from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

const root = path.dirname(fileURLToPath(import.meta.url));
const lib = (name: string) => path.resolve(root, `libs/${name}/src/index.ts`);

// Tests and the apps they start sign in to Kafka as the local stack's admin (scripts/stack.sh), unless
// the environment names other credentials; suites that try a principal's ACLs sign in as that principal.
const kafkaSignIn = {
  KAFKA_SASL_MECHANISM: process.env.KAFKA_SASL_MECHANISM ?? 'scram-sha-512',
  KAFKA_USERNAME: process.env.KAFKA_USERNAME ?? 'admin',
  KAFKA_PASSWORD: process.env.KAFKA_PASSWORD ?? process.env.KAFKA_ADMIN_PASSWORD ?? 'admin-local-secret',
};

export default defineConfig({
  // SWC instead of esbuild so that decorator metadata reaches Nest's injector.
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      '@tokenmeter/contracts': lib('contracts'),
      '@tokenmeter/finops': lib('finops'),
      '@tokenmeter/telemetry': lib('telemetry'),
      // The pure part of libs/db that a decode thread loads without the database client.
      '@tokenmeter/db/usage-copy-rows': path.resolve(root, 'libs/db/src/copy/usage-copy-rows.ts'),
      '@tokenmeter/db': lib('db'),
      '@tokenmeter/kafka': lib('kafka'),
      '@tokenmeter/config': lib('config'),
      '@tokenmeter/bootstrap': lib('bootstrap'),
      '@tokenmeter/observability': lib('observability'),
      '@tokenmeter/planner': lib('planner'),
      '@tokenmeter/reports': lib('reports'),
      '@tokenmeter/workload': lib('workload'),
    },
  },
  test: {
    env: kafkaSignIn,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'test/unit/**/*.spec.ts'],
          // Only a hang should fail a unit test on time: they share two cores with the integration
          // tests, and a property test that takes 1 s alone took over 5 s (vitest's default) there.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
