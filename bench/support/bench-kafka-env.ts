// The benches sign in to the local stack's broker as its admin unless the environment names another
// principal (the broker runs with SASL/SCRAM and ACLs, as in production).
export const BENCH_KAFKA_ENV = {
  KAFKA_SASL_MECHANISM: process.env.KAFKA_SASL_MECHANISM ?? 'scram-sha-512',
  KAFKA_USERNAME: process.env.KAFKA_USERNAME ?? 'admin',
  KAFKA_PASSWORD: process.env.KAFKA_PASSWORD ?? process.env.KAFKA_ADMIN_PASSWORD ?? 'admin-local-secret',
};
