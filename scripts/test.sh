#!/usr/bin/env bash
# npm test: the whole suite. Installs what is missing and starts what is not running first
# (scripts/ensure.sh), then: typecheck, boundaries, lint, unit + integration tests, end-to-end tests.
# End-to-end tests run last and alone: some of them restart Postgres or kill the Kafka broker.
# Arguments go to vitest (e.g. `npm test -- test/integration/usage-ingest.test.ts`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh
if [ $# -gt 0 ]; then
  exec npx vitest run "$@"
fi
echo "typecheck: tsc --noEmit"
npx tsc -p tsconfig.json --noEmit
echo "boundaries: dependency-cruiser (.dependency-cruiser.cjs)"
npm run -s boundaries
echo "lint: biome (biome.jsonc) and line length"
npm run -s lint
npx vitest run --project unit --project integration
npx vitest run --project e2e
