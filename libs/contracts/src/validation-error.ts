// How TokenMeter reports bad input: one FieldError per problem, naming the field path, what was
// expected and what arrived, e.g.
//   usage.events[12].data.outputTokens: expected a non-negative integer below 10^12, got -5
// The same strings reach HTTP 400 bodies, DLQ headers and CLI stderr, so they must stand alone.
import type { z } from 'zod';

export interface FieldError {
  /** Where the problem is, e.g. `usage.events[12].data.outputTokens` ('' for the whole input). */
  path: string;
  /** The full sentence, path included, e.g. `data.outputTokens: expected …, got -5`. */
  message: string;
}

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends segments to a dotted path: `a` + [`b`, 3, `x.y`] → `a.b[3]["x.y"]`. */
export function joinPath(prefix: string, segments: readonly PathSegment[] = []): string {
  let path = prefix;
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

export function fieldError(path: string, detail: string): FieldError {
  return { path, message: path === '' ? detail : `${path}: ${detail}` };
}

/** The same error, one level deeper: `usage.x: …` → `data.usage.x: …`. */
export function prefixFieldError(prefix: string, error: FieldError): FieldError {
  if (prefix === '') return error;
  if (error.path === '') return fieldError(prefix, error.message);
  const path = error.path.startsWith('[') ? `${prefix}${error.path}` : `${prefix}.${error.path}`;
  return fieldError(path, error.message.slice(error.path.length + 2));
}

const MAX_SHOWN_STRING = 40;

/**
 * The received value as users should read it after "got". Strings are cut short: a payload may
 * hold prompt text, and error messages travel to logs and DLQ headers.
 */
export function describeReceived(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN_STRING ? `${value.slice(0, MAX_SHOWN_STRING)}…` : value;
    return `${JSON.stringify(shown)}${value.length > MAX_SHOWN_STRING ? ` (${value.length} characters)` : ''}`;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `${value}`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** `expected …` + `, got …`, or a "missing" sentence when nothing arrived. */
export function expectationDetail(expectation: string, received: unknown): string {
  return received === undefined ? `missing; ${expectation}` : `${expectation}, got ${describeReceived(received)}`;
}

/**
 * Zod issues → FieldErrors. Schemas in this library attach an `expected …` sentence as each
 * check's error message, so the message here is that sentence plus what was received.
 * Issues carry the received value only when parsed with `{ reportInput: true }` (safeParseReporting).
 */
export function zodIssuesToFieldErrors(issues: readonly z.core.$ZodIssue[], prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push(fieldError(joinPath(prefix, [...path, key]), 'unknown field; remove it or send it as a tag'));
      }
      continue;
    }
    const input = (issue as { input?: unknown }).input;
    errors.push(fieldError(joinPath(prefix, path), expectationDetail(issue.message, input)));
  }
  return errors;
}

/**
 * safeParse that reports received values on failure. Reporting inputs makes zod several times
 * slower, and the ingest hot path validates ~100k events/s that are almost all valid, so the
 * schema runs plainly first and again with reporting only when it failed.
 */
export function safeParseReporting<S extends z.ZodType>(schema: S, input: unknown): z.ZodSafeParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success ? result : schema.safeParse(input, { reportInput: true });
}
