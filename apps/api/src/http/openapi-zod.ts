// OpenAPI decorators from the zod schemas that validate the request, so the document at /docs and
// the validation cannot drift apart.
import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

function jsonSchema(schema: z.ZodType): SchemaObject {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest as SchemaObject;
}

/** One documented query parameter per field of the object schema. */
export function ApiQueryFromZod(schema: z.ZodObject) {
  return applyDecorators(
    ...Object.entries(schema.shape).map(([name, field]) => {
      const fieldSchema = field as z.ZodType;
      return ApiQuery({
        name,
        required: !fieldSchema.safeParse(undefined).success,
        schema: jsonSchema(fieldSchema),
        description: fieldSchema.description,
      });
    }),
  );
}

export function ApiBodyFromZod(schema: z.ZodType) {
  return ApiBody({ schema: jsonSchema(schema) });
}
