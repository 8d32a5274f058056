// Turns validation issues into lines a user can act on: where, what was expected, what was given
// (`workload.tokensPerMonth: expected a non-negative number, got -5`).
import type { z } from 'zod';

export type ProblemPath = readonly PropertyKey[];

export function formatPath(path: ProblemPath): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    return text === '' ? String(key) : `${text}.${String(key)}`;
  }, '');
}

function valueAt(root: unknown, path: ProblemPath): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key as string];
  }
  return value;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One line per problem; `prefix` is the path of the value the schema was applied to. */
export function formatZodIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  prefix: ProblemPath = [],
): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) lines.push(`${formatPath([...path, key])}: unknown field`);
      continue;
    }
    const got = valueAt(input, issue.path);
    lines.push(`${formatPath(path) || 'scenario'}: ${issue.message}, got ${describeValue(got)}`);
  }
  return lines;
}
