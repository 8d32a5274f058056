// Validates a provider payload against a zod schema and reports problems as FieldErrors with
// paths inside the payload (`usage.prompt_tokens`). Provider schemas are loose objects: responses
// carry many fields (choices, content, ids) that metering ignores.
import { z } from 'zod';
import { boundedTextSchema } from '../usage-field-schemas';
import { MAX_MODEL_LENGTH } from '../usage-limits';
import { type FieldError, safeParseReporting, zodIssuesToFieldErrors } from '../validation-error';

export type PayloadParse<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function parseProviderPayload<S extends z.ZodType>(schema: S, payload: unknown): PayloadParse<z.output<S>> {
  const result = safeParseReporting(schema, payload);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: zodIssuesToFieldErrors(result.error.issues, '') };
}

/** A model id as providers report it. */
export const modelIdSchema = boundedTextSchema(MAX_MODEL_LENGTH, 'a model id');

export function objectSchema<T extends z.core.$ZodLooseShape>(shape: T, what: string) {
  return z.looseObject(shape, { error: `expected ${what}` });
}
