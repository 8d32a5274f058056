#!/usr/bin/env bash
# npm run demo [-- --no-serve]: installs what is missing, starts the local stack, migrates, then
# runs TokenMeter's main job end to end (apps/cli/src/commands/demo-command.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh
exec node -r ./scripts/register.js apps/cli/src/main.ts demo "$@"
