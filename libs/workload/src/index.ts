// The synthetic workload generator: reproducible usage events and vLLM log lines for the
// benchmarks, the CLI demo and the tests. Pure and seeded; it reads no clock and does no I/O.
export * from './seeded-random';
export * from './usage-workload';
export * from './vllm-log-workload';
