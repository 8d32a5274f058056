// The synthetic workload generator: reproducible usage events and vLLM log lines for the
// benchmarks, the CLI demo and the tests (seeded: the same options give the same stream), and one
// sample event with overridable parts for tests.
export * from './seeded-random';
export * from './usage-event-sample';
export * from './usage-workload';
export * from './vllm-log-workload';
