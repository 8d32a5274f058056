// The house rules of DESIGN.md section 3, checked on every `npm test` (npm run boundaries).
// test/unit/boundaries.spec.ts proves each rule fails on a deliberately bad import.
/** Node modules that reach outside the process (files, network, processes, threads). */
const IO_CORE =
  '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|worker_threads|cluster|dgram|dns|tls|readline|os|' +
  'v8|inspector)$';
/** Packages that talk to Kafka, Postgres, Redis or HTTP, or that are Nest. */
const IO_PACKAGES =
  '(^|/)node_modules/(@nestjs|kafkajs|pg|pg-copy-streams|@prisma|prisma|bullmq|ioredis|pino|pino-http|nestjs-pino|' +
  'prom-client|piscina|express|cron)/';
const SPEC = '\\.(spec|test)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'app-imports-other-app',
      comment:
        'An app never imports another app: a service two apps need lives in a lib. The one exception is an ' +
        "app's main.ts (its bootstrap function), which `tokenmeter serve` and the demo call to run apps in one " +
        'process.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: ['^apps/$1/', '^apps/[^/]+/src/main\\.ts$'] },
    },
    {
      name: 'imports-bench-or-test',
      comment: 'Nothing in apps or libs imports bench/ or test/ (the image copies neither).',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { path: '^(bench|test)/' },
    },
    {
      name: 'lib-imports-app',
      comment: 'Libs never import apps.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'pure-lib-imports-io-module',
      comment: 'libs/finops, libs/telemetry and libs/contracts do no I/O: no fs, network, processes or threads.',
      severity: 'error',
      from: { path: '^libs/(finops|telemetry|contracts)/', pathNot: SPEC },
      to: { dependencyTypes: ['core'], path: IO_CORE },
    },
    {
      name: 'pure-lib-imports-io-package',
      comment:
        'libs/finops, libs/telemetry and libs/contracts import no Nest and no Kafka, Postgres, Redis or HTTP client.',
      severity: 'error',
      from: { path: '^libs/(finops|telemetry|contracts)/', pathNot: SPEC },
      to: { path: IO_PACKAGES },
    },
    {
      name: 'pure-lib-imports-impure-lib',
      comment: 'The pure libs depend on libs/contracts at most (finops and telemetry), never on a lib with I/O.',
      severity: 'error',
      from: { path: '^libs/(finops|telemetry|contracts)/', pathNot: SPEC },
      to: { path: '^libs/', pathNot: '^libs/(contracts|$1)/' },
    },
    {
      name: 'contracts-imports-other-lib',
      comment: 'libs/contracts holds data and schemas only; every other lib builds on it, not the other way round.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: '^libs/', pathNot: '^libs/contracts/' },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles, type-only ones included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(generated|test/artifacts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
