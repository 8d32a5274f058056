#!/usr/bin/env bash
# npm test: the whole suite (unit, integration against the real stack, end to end).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure.sh
npx vitest run "$@"
