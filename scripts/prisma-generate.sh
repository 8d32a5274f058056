#!/usr/bin/env bash
# Generates the Prisma client (libs/db/src/generated). Prisma's CLI looks for a native engine it
# does not need for generation; an existing placeholder file stops the (offline-failing) download.
set -euo pipefail
cd "$(dirname "$0")/.."
placeholder=.cache/prisma/engine-placeholder
mkdir -p "$(dirname "$placeholder")"
[ -f "$placeholder" ] || echo "not a real engine: see libs/db/src/migrations/engine-placeholder.ts" > "$placeholder"
if ! output=$(PRISMA_SCHEMA_ENGINE_BINARY="$PWD/$placeholder" PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 \
  npx --no-install prisma generate 2>&1); then
  echo "$output" >&2
  exit 1
fi
echo "prisma: client generated"
