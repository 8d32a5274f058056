// Lines of at most 120 characters in the files Biome formats. The formatter wraps code to that
// width but leaves long strings, template literals (SQL) and comments alone; this catches those.
// scripts/long-lines-baseline.json lists the files that still had such lines when the rule came
// in, with how many: a file may only go down from there (a new long line anywhere fails), and
// `--update` rewrites the baseline after lines were wrapped by hand.
const { execFileSync } = require('node:child_process');
const { readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const MAX = 120;
const BASELINE = path.join(__dirname, 'long-lines-baseline.json');
const files = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.mts', '*.js', '*.cjs'],
  {
    encoding: 'utf8',
  },
)
  .split('\n')
  .filter(
    (file) => file && !/(^|\/)(generated|fixtures|node_modules)\//.test(file) && !file.startsWith('test/artifacts/'),
  );

const long = new Map();
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed by git, deleted in the work tree
  }
  const lines = text
    .split('\n')
    .flatMap((line, i) => (line.length > MAX ? [`${file}:${i + 1}: ${line.length} characters`] : []));
  if (lines.length > 0) long.set(file, lines);
}

if (process.argv.includes('--update')) {
  writeFileSync(
    BASELINE,
    `${JSON.stringify(Object.fromEntries([...long].map(([file, lines]) => [file, lines.length])), null, 2)}\n`,
  );
  process.exit(0);
}
const baseline = JSON.parse(readFileSync(BASELINE, 'utf8'));
const over = [...long].filter(([file, lines]) => lines.length > (baseline[file] ?? 0));
if (over.length > 0) {
  for (const [file, lines] of over) {
    const allowed = baseline[file] ?? 0;
    process.stderr.write(
      `${lines.join('\n')}\n${file}: ${lines.length} lines over ${MAX} characters, ${allowed} allowed\n`,
    );
  }
  process.exit(1);
}
