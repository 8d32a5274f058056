// Prisma 6.19's CLI with the JavaScript schema engine: generates migration SQL with
// `migrate diff` where the native schema engine cannot be downloaded. Used only by
// libs/db/src/migrations/new-migration-cli.ts and the drift test; stock Prisma uses prisma.config.ts.
import { defineConfig } from 'prisma6/config';
import { PrismaPg } from 'prisma6-adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'schema.prisma',
  async adapter() {
    return new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
    });
  },
});
