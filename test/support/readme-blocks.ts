// The runnable bash blocks of a README section marked `<!-- name:start … -->` … `<!-- name:end -->`,
// in order, so that tests run exactly what a reader copies.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export function readmeBashBlocks(section: string): string[] {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const body = readme.split(`<!-- ${section}:start`)[1]?.split(`<!-- ${section}:end -->`)[0];
  if (!body) throw new Error(`README.md has no section marked <!-- ${section}:start --> … <!-- ${section}:end -->`);
  return [...body.matchAll(/```bash\n([\s\S]*?)```/g)].map((match) => match[1]!);
}
