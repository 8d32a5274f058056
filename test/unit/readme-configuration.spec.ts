// The README's configuration table lists every variable the apps read, with its real default.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, parseConfig } from '../../libs/config/src';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

describe('README configuration table', () => {
  const defaults = parseConfig({});
  it.each(CONFIG_VARIABLES)('documents %s with its default', (name) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row, `README.md has no configuration row for ${name}`).toBeDefined();
    const value = String(defaults[name]);
    if (value) expect(row).toContain(`\`${value}\``);
  });
});
