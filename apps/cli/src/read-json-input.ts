// The JSON object a command takes from --file or standard input (the versioned settings:
// assumptions, substitutes), with an error that names where it came from and what was wrong.
import { readFile } from 'node:fs/promises';
import { CliUsageError } from './cli-usage-error';
import { readStdin } from './read-stdin';

/** The parsed JSON of `file`, or of standard input when `file` is '-' (the default). */
export async function readJsonInput(file = '-'): Promise<unknown> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    throw new CliUsageError(`--file: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? ''}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`${file === '-' ? 'stdin' : file}: not valid JSON (${(error as Error).message})`);
  }
}
