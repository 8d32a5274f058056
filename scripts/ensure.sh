#!/usr/bin/env bash
# What every entry point needs first, each step skipped when already done: dependencies installed,
# Prisma client generated, the local stack up, the database migrated.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "npm: installing dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi
if [ ! -f libs/db/src/generated/prisma/client.ts ] || [ prisma/schema.prisma -nt libs/db/src/generated/prisma/client.ts ]; then
  bash scripts/prisma-generate.sh
fi
bash scripts/stack.sh up
npm run -s db:migrate
# Real clients nobody here wrote, from Debian: Chromium for the pages' e2e test (playwright-core,
# no browser download), kcat (librdkafka, the Kafka client inside Vector and Fluent Bit) for the
# codec and README tests.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v kcat >/dev/null || missing+=(kcat)
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt: installing ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
