// The README's "From OpenTelemetry (OTLP/HTTP)" blocks, run as written against the api and ingest:
// the curl of an OTLP/JSON body is stored, and an OpenTelemetry SDK exporter configured only by the
// README's environment variables delivers its GenAI span too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readmeBlocks } from '../support/readme-blocks';
import { type ReadmeStack, runShell, startReadmeStack } from '../support/readme-stack';
import { waitFor } from '../support/wait-for';

/** An application instrumented with the OpenTelemetry SDK, configured by nothing but OTEL_* variables. */
const INSTRUMENTED_APP = `
const { TracerProvider, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { resourceFromAttributes } = require('@opentelemetry/resources');
const provider = new TracerProvider({
  resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME }),
  spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter() })],
});
provider.getTracer('readme').startSpan('chat', { attributes: {
  'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4',
  'gen_ai.usage.input_tokens': 42, 'gen_ai.usage.output_tokens': 7,
} }).end();
provider.forceFlush().then(() => provider.shutdown());
`;

describe('README: sending usage from OpenTelemetry', () => {
  let stack: ReadmeStack;

  beforeAll(async () => {
    stack = await startReadmeStack();
  });

  afterAll(async () => stack?.close());

  it('stores the usage of the curl example and of an SDK configured by the variables', async () => {
    const blocks = readmeBlocks('otlp');
    expect(blocks.length).toBe(2);
    const { suite, ingestKey, apiPort } = stack;
    // The only liberty taken: the README's port 3000 becomes this test's port.
    const script = ['set -euo pipefail', ...blocks, 'node -e "$INSTRUMENTED_APP"']
      .join('\n')
      .replaceAll('127.0.0.1:3000', `127.0.0.1:${apiPort}`);
    const { code, stdout, stderr } = await runShell(script, { TOKENMETER_INGEST_KEY: ingestKey, INSTRUMENTED_APP });
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout.trim().split('\n')[0]).toBe('{}');

    const rows = await waitFor(
      () => suite.sql.query("SELECT * FROM usage_records WHERE source = 'otlp:answer-engine' ORDER BY input_tokens"),
      (result) => result.rows.length === 2,
      20_000,
      'both README spans in Postgres',
    );
    expect(rows.rows[0]).toMatchObject({ team: 'search', provider: 'anthropic', input_tokens: 42n, output_tokens: 7n });
    expect(rows.rows[1]).toMatchObject({
      id: '5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174',
      provider: 'openai',
      model: 'gpt-4o-2024-08-06',
      input_tokens: 400n,
      cached_input_tokens: 800n,
      output_tokens: 300n,
    });
  });
});
