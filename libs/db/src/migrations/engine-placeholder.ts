// Prisma's CLIs look for native engine files before doing work that does not need them
// (`generate`, `migrate diff` with the JS engine). Pointing them at any existing file stops the
// download attempt, which fails offline. The same file is used by scripts/prisma-generate.sh.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ENGINE_PLACEHOLDER = path.resolve(__dirname, '../../../../.cache/prisma/engine-placeholder');

export async function ensureEnginePlaceholder(): Promise<string> {
  await mkdir(path.dirname(ENGINE_PLACEHOLDER), { recursive: true });
  await writeFile(ENGINE_PLACEHOLDER, 'not a real engine: see libs/db/src/migrations/engine-placeholder.ts\n', {
    flag: 'a',
  });
  return ENGINE_PLACEHOLDER;
}
