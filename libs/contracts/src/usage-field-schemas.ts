// Field-level rules shared by the CloudEvent envelope and the usage data: bounded strings, team
// slugs, tags. Each rule carries one "expected …" sentence used for every way it can fail.
import { z } from 'zod';
import { MAX_TAG_KEY_LENGTH, MAX_TAG_VALUE_LENGTH, MAX_TAGS, MAX_TEAM_LENGTH } from './usage-limits';

// No control characters, and no surrounding whitespace (an id with a trailing space is a
// different idempotency key that looks identical in every UI). No lone UTF-16 surrogates either
// (\p{Cs} under the u flag; a valid pair is one code point): Postgres refuses them, and text
// encoders turn them into U+FFFD, so two distinct ids would become one.
export const PLAIN_TEXT = /^(?!\s)[^\u0000-\u001f\u007f\p{Cs}]*(?<!\s)$/u;

export function boundedTextSchema(maxLength: number, what = 'a string') {
  const expectation =
    `expected ${what} ` +
    `of 1 to ${maxLength} characters, without control characters, lone surrogates or surrounding spaces`;
  return z
    .string({ error: expectation })
    .min(1, { error: expectation })
    .max(maxLength, { error: expectation })
    .regex(PLAIN_TEXT, { error: expectation });
}

export const TEAM_SLUG_EXPECTATION =
  `expected a team slug: 1 to ${MAX_TEAM_LENGTH} letters, digits, '.', '_' or '-', ` +
  `starting with a letter or digit`;

export const TEAM_SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export const teamSlugSchema = z
  .string({ error: TEAM_SLUG_EXPECTATION })
  .max(MAX_TEAM_LENGTH, { error: TEAM_SLUG_EXPECTATION })
  .regex(TEAM_SLUG_PATTERN, { error: TEAM_SLUG_EXPECTATION });

// `__proto__` is refused so that building a tags object can never touch a prototype.
export const TAG_KEY_PATTERN = /^(?!__proto__$)[A-Za-z0-9_][A-Za-z0-9_.:/-]*$/;
export const TAG_KEY_EXPECTATION =
  `expected a tag key of 1 to ${MAX_TAG_KEY_LENGTH} letters, ` + `digits, '_', '.', ':', '/' or '-'`;
export const TAG_VALUE_EXPECTATION =
  `expected a tag value: a string of at most ${MAX_TAG_VALUE_LENGTH} characters ` +
  `without control characters or lone surrogates`;
export const TAGS_EXPECTATION = `expected an object of at most ${MAX_TAGS} string tags`;

export const TAG_VALUE_PATTERN = /^[^\u0000-\u001f\u007f\p{Cs}]*$/u;

export const tagValueSchema = z
  .string({ error: TAG_VALUE_EXPECTATION })
  .max(MAX_TAG_VALUE_LENGTH, { error: TAG_VALUE_EXPECTATION })
  .regex(TAG_VALUE_PATTERN, { error: TAG_VALUE_EXPECTATION });

export function isTagKey(key: string): boolean {
  return key.length <= MAX_TAG_KEY_LENGTH && TAG_KEY_PATTERN.test(key);
}

export const tagsSchema = z.record(z.string(), tagValueSchema, { error: TAGS_EXPECTATION }).superRefine((tags, ctx) => {
  const keys = Object.keys(tags);
  if (keys.length > MAX_TAGS) ctx.addIssue({ code: 'custom', message: TAGS_EXPECTATION, input: keys.length });
  for (const key of keys) {
    if (!isTagKey(key)) ctx.addIssue({ code: 'custom', message: TAG_KEY_EXPECTATION, path: [key], input: key });
  }
});
