// What package.json's scripts run, for tests that hold other files (compose, the manifests) to them.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** The command line of `npm run <name>`, e.g. `node -r ./scripts/register.js apps/api/src/main.ts`. */
export function npmScript(name: string): string {
  const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const script = scripts[name];
  if (script === undefined) throw new Error(`package.json has no script ${name}`);
  return script;
}
