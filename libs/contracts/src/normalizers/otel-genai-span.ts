// OpenTelemetry GenAI span attributes (semantic conventions for generative AI), given as a flat
// map (`{ "gen_ai.usage.input_tokens": 120, … }`), as an OTLP attribute list
// (`[{ key, value: { intValue | stringValue | … } }]`), or as a span object with `attributes`.
//
// Counting rules (semconv): `gen_ai.usage.input_tokens` INCLUDES cache reads
// (`gen_ai.usage.cache_read.input_tokens`) and cache writes (`gen_ai.usage.cache_creation.input_tokens`);
// `gen_ai.usage.output_tokens` includes reasoning (`gen_ai.usage.reasoning.output_tokens`).
// Some instrumentations copy Anthropic's exclusive `input_tokens` verbatim; when the cache counts
// are larger than input_tokens they cannot be inside it, so input_tokens is taken as already
// excluding them. (When they are smaller, both readings are possible and the convention wins.)
// Besides the convention's names, the names instrumentations actually emit are read too:
// OpenLLMetry's `gen_ai.usage.cache_read_input_tokens` / `cache_creation_input_tokens` /
// `reasoning_tokens` and `prompt_tokens` / `completion_tokens`, OpenLIT's `gen_ai.usage.cached_tokens`.
import { COMMON_PROVIDER_IDS_TEXT, canonicalProviderId } from '../provider-ids';
import { TOKEN_COUNT_EXPECTATION } from '../token-count';
import { MAX_MODEL_LENGTH, MAX_TOKENS } from '../usage-limits';
import { describeReceived, expectationDetail, type FieldError, fieldError, joinPath } from '../validation-error';
import { type NormalizeResult, normalizedUsage } from './normalized-usage';

interface Attribute {
  value: unknown;
  path: string;
}

/** Every attribute this normalizer reads, by meaning, the preferred name first. */
export const OTEL_GENAI_ATTRIBUTES = {
  inputTokens: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'],
  outputTokens: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'],
  cacheRead: [
    'gen_ai.usage.cache_read.input_tokens',
    'gen_ai.usage.cache_read_input_tokens',
    'gen_ai.usage.cached_tokens',
  ],
  cacheWrite: ['gen_ai.usage.cache_creation.input_tokens', 'gen_ai.usage.cache_creation_input_tokens'],
  reasoning: ['gen_ai.usage.reasoning.output_tokens', 'gen_ai.usage.reasoning_tokens'],
  model: ['gen_ai.response.model', 'gen_ai.request.model'],
  provider: ['gen_ai.provider.name', 'gen_ai.system'],
} as const;

const KEYS = OTEL_GENAI_ATTRIBUTES;

const SHAPE_EXPECTATION =
  'expected GenAI span attributes: a map of "gen_ai.*" keys, an OTLP attribute list, ' +
  'or a span object with "attributes"';

export function normalizeOtelGenAiSpan(payload: unknown): NormalizeResult {
  const collected = collectAttributes(payload);
  if ('error' in collected) return { ok: false, errors: [collected.error] };
  const attributes = collected.attributes;
  const errors: FieldError[] = [];

  const count = (keys: readonly string[], required: boolean): number => {
    const found = first(attributes, keys);
    if (found === undefined) {
      if (required)
        errors.push(fieldError(joinPath(collected.prefix, [keys[0]]), `missing; ${TOKEN_COUNT_EXPECTATION}`));
      return 0;
    }
    const value = tokenCount(found.value);
    if (value === null) {
      errors.push(fieldError(found.path, expectationDetail(TOKEN_COUNT_EXPECTATION, found.value)));
      return 0;
    }
    return value;
  };
  const input = count(KEYS.inputTokens, true);
  const output = count(KEYS.outputTokens, true);
  const cacheRead = count(KEYS.cacheRead, false);
  const cacheWrite = count(KEYS.cacheWrite, false);
  const reasoning = count(KEYS.reasoning, false);

  const model = first(attributes, KEYS.model);
  const modelText = typeof model?.value === 'string' ? model.value.trim() : '';
  if (model === undefined) {
    errors.push(
      fieldError(
        joinPath(collected.prefix, [KEYS.model[0]]),
        'missing; expected the model id in gen_ai.response.model or gen_ai.request.model',
      ),
    );
  } else if (modelText === '' || modelText.length > MAX_MODEL_LENGTH) {
    errors.push(
      fieldError(
        model.path,
        expectationDetail(`expected a model id of 1 to ${MAX_MODEL_LENGTH} characters`, model.value),
      ),
    );
  }

  const providerAttribute = first(attributes, KEYS.provider);
  const provider = typeof providerAttribute?.value === 'string' ? canonicalProviderId(providerAttribute.value) : null;
  if (providerAttribute === undefined) {
    errors.push(
      fieldError(
        joinPath(collected.prefix, [KEYS.provider[0]]),
        'missing; expected the provider in gen_ai.provider.name (or gen_ai.system)',
      ),
    );
  } else if (provider === null) {
    errors.push(
      fieldError(
        providerAttribute.path,
        `expected a known provider (${COMMON_PROVIDER_IDS_TEXT}), got ${describeReceived(providerAttribute.value)}`,
      ),
    );
  }
  if (reasoning > output) {
    const path = first(attributes, KEYS.reasoning)!.path;
    errors.push(
      fieldError(
        path,
        `expected at most gen_ai.usage.output_tokens (${output}), which includes reasoning, got ${reasoning}`,
      ),
    );
  }
  if (errors.length > 0 || provider === null) return { ok: false, errors };

  const cacheIncluded = cacheRead + cacheWrite <= input;
  return normalizedUsage(provider, modelText, {
    inputTokens: cacheIncluded ? input - cacheRead - cacheWrite : input,
    cachedInputTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    outputTokens: output,
    reasoningTokens: reasoning,
  });
}

type Collected = { attributes: Map<string, Attribute>; prefix: string } | { error: FieldError };

function collectAttributes(payload: unknown, prefix = ''): Collected {
  if (Array.isArray(payload)) return collectOtlpList(payload, prefix);
  if (!isRecord(payload)) return { error: fieldError(prefix, expectationDetail(SHAPE_EXPECTATION, payload)) };
  if (prefix === '' && 'attributes' in payload && !Object.keys(payload).some((key) => key.startsWith('gen_ai.'))) {
    return collectAttributes(payload['attributes'], 'attributes');
  }
  const attributes = new Map<string, Attribute>();
  for (const [key, value] of Object.entries(payload)) attributes.set(key, { value, path: joinPath(prefix, [key]) });
  return { attributes, prefix };
}

function collectOtlpList(list: unknown[], prefix: string): Collected {
  const attributes = new Map<string, Attribute>();
  for (let index = 0; index < list.length; index++) {
    const item = list[index];
    if (!isRecord(item) || typeof item['key'] !== 'string') {
      return {
        error: fieldError(
          joinPath(prefix, [index]),
          expectationDetail('expected an OTLP attribute { key, value }', item),
        ),
      };
    }
    const value = isRecord(item['value']) ? anyValue(item['value']) : item['value'];
    attributes.set(item['key'], { value, path: joinPath(prefix, [index, 'value']) });
  }
  return { attributes, prefix };
}

/** OTLP AnyValue → plain value. OTLP/JSON encodes 64-bit integers as strings. */
function anyValue(value: Record<string, unknown>): unknown {
  for (const field of ['stringValue', 'intValue', 'doubleValue', 'boolValue'] as const) {
    if (field in value) return value[field];
  }
  return value;
}

function first(attributes: Map<string, Attribute>, keys: readonly string[]): Attribute | undefined {
  for (const key of keys) {
    const attribute = attributes.get(key);
    if (attribute !== undefined && attribute.value !== null) return attribute;
  }
  return undefined;
}

function tokenCount(value: unknown): number | null {
  const number = typeof value === 'string' && /^\d{1,13}$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isSafeInteger(number) && number >= 0 && number <= MAX_TOKENS
    ? number
    : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
