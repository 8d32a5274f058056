# One image for every TokenMeter process (api, ingest, worker, cli, and the compose one-shots
# `migrate` and `topics`); docker-compose.yml chooses the command. The apps run their TypeScript
# through scripts/register.js (SWC), exactly as `npm run start:*` does outside Docker, so the
# dev dependencies stay in the image.
FROM node:20

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

# Only what the processes need, named one by one: no node_modules, .cache or .stack from the host.
COPY tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY libs ./libs
COPY apps ./apps
RUN bash scripts/prisma-generate.sh

USER node
ENV API_HOST=0.0.0.0
EXPOSE 3000 3001 3002
CMD ["npm", "run", "start:api"]
