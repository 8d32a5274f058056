// The README's runnable snippets: the bash blocks between `<!-- name:start … -->` and
// `<!-- name:end -->`, so tests run exactly what a reader copies.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

export function readmeBlocks(name: string): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(`<!-- ${name}:start`)[1]?.split(`<!-- ${name}:end -->`)[0];
  if (!section) throw new Error(`README.md has no ${name} section`);
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!);
}
