// Lines of at most 120 characters in the files Biome formats. The formatter wraps code to that
// width but leaves long strings, template literals (SQL) and comments alone; this catches those.
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');

const MAX = 120;
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

const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    continue; // listed by git, deleted in the work tree
  }
  text.split('\n').forEach((line, i) => {
    if (line.length > MAX) long.push(`${file}:${i + 1}: ${line.length} characters`);
  });
}

if (long.length > 0) {
  process.stderr.write(`${long.join('\n')}\n${long.length} lines over ${MAX} characters\n`);
  process.exit(1);
}
