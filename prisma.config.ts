// Stock Prisma 7 configuration, for users with network access (`npx prisma migrate deploy`).
// Offline, `npm run db:migrate` applies the same migrations and keeps _prisma_migrations compatible.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'npm run -s tokenmeter -- seed' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tokenmeter' },
});
