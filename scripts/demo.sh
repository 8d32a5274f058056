#!/usr/bin/env bash
# npm run demo [-- --no-serve]: installs what is missing, starts the local stack, migrates, then
# runs TokenMeter's main job end to end (apps/cli/src/commands/demo-command.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh
# The demo runs api, ingest, worker and a direct producer in one process, so it signs in to the local
# broker as its admin (scripts/stack.sh), the one principal allowed all four roles; real deployments
# give each app its own principal (README "Security").
export KAFKA_SASL_MECHANISM=${KAFKA_SASL_MECHANISM:-scram-sha-512}
export KAFKA_USERNAME=${KAFKA_USERNAME:-admin}
export KAFKA_PASSWORD=${KAFKA_PASSWORD:-${KAFKA_ADMIN_PASSWORD:-admin-local-secret}}
exec node -r ./scripts/register.js apps/cli/src/main.ts demo "$@"
