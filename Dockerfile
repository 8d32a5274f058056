# One image for every TokenMeter process (api, ingest, worker, cli, and the compose one-shots
# `migrate` and `topics`); docker-compose.yml and the Kubernetes manifests choose the command.
# The first stage compiles the TypeScript ahead of time (`npm run build`, the compiler `npm run
# start:*` runs on load); the image holds that JavaScript, laid out as the repository is, with the
# production dependencies only: no compiler in memory, a faster start, and no dev tools shipped.
FROM node:20 AS build

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# Only what the build needs, named one by one: no node_modules, .cache or .stack from the host.
COPY tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN bash scripts/prisma-generate.sh && npm run build

FROM node:20

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# The migrations (db:migrate reads prisma/migrations) and the compiled apps, libs and scripts.
COPY prisma ./prisma
COPY --from=build /app/dist ./

USER node
ENV API_HOST=0.0.0.0
# Stack traces name the TypeScript sources' files and lines (each compiled file has its source map).
ENV NODE_OPTIONS=--enable-source-maps
EXPOSE 3000 3001 3002
CMD ["node", "apps/api/src/main.js"]
