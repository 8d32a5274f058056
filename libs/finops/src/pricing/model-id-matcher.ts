// The forms a model id takes on the wire, reduced step by step to forms a price list uses.
// Real ids vary: routing prefixes (`openai/gpt-4o`), resource names (`models/gemini-1.5-pro`,
// `publishers/google/models/…`), Bedrock ARNs, inference profiles and versions
// (`us.anthropic.claude-3-5-sonnet-20241022-v2:0`), Vertex snapshots (`claude-3-5-sonnet-v2@20241022`),
// dated snapshots (`gpt-4o-2024-08-06`, `claude-3-haiku-20240307`, `gpt-4-0613`), revisions
// (`gemini-1.5-pro-002`) and `-latest` aliases. Everything is lower-cased: ids are not case-sensitive
// anywhere TokenMeter looks them up.
//
// Two tiers, because loosening too early picks the wrong price: `gpt-4o-2024-05-13` has its own
// price, different from `gpt-4o`. Route forms only remove addressing and are always safe; loose
// forms drop versions and dates and are tried only after exact and package matching failed.
import { canonicalProviderId } from '@tokenmeter/contracts';

const BEDROCK_ARN =
  /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(?:foundation-model|inference-profile|application-inference-profile)\/(.+)$/;
const RESOURCE_NAME = /^(?:projects\/[^/]+\/locations\/[^/]+\/)?(?:publishers\/[^/]+\/)?models\/(.+)$/;
const ROUTE_PREFIX = /^([a-z0-9_.-]+)\/(.+)$/;

/** Addressing-free forms of the id, most specific first: the id itself, then prefixes removed. */
export function routeForms(model: string): string[] {
  const forms = [model.trim().toLowerCase()];
  for (let current = forms[0]!; ; ) {
    const next = stripRoute(current);
    if (next === null || next === '' || forms.includes(next)) break;
    forms.push(next);
    current = next;
  }
  return forms;
}

function stripRoute(id: string): string | null {
  const arn = BEDROCK_ARN.exec(id);
  if (arn) return arn[1]!;
  const resource = RESOURCE_NAME.exec(id);
  if (resource) return resource[1]!;
  const routed = ROUTE_PREFIX.exec(id);
  // Only a provider name is a routing prefix; `meta-llama/llama-3-70b` is a model id of its own.
  if (routed && canonicalProviderId(routed[1]!) !== null) return routed[2]!;
  return null;
}

// Each rule removes one kind of suffix or prefix; they are applied repeatedly, in order.
const LOOSE_RULES: ReadonlyArray<[RegExp, string]> = [
  // Bedrock geography of inference profiles
  [/^(?:us|eu|apac|ap|global|us-gov|jp|au|ca|regional)\.(?=[a-z0-9-]+\.)/, ''],
  [/^(?:anthropic|meta|amazon|mistral|cohere|ai21|deepseek|qwen|openai|writer)\./, ''], // Bedrock vendor
  [/-v\d+:\d+$/, ''], // Bedrock model version, `-v2:0` (a bare `-v3` may be part of the name: deepseek-v3)
  [/:\d+$/, ''], // Bedrock throughput suffix
  [/@\d{8}$/, ''], // Vertex snapshot, `@20241022`
  [/@latest$/, ''],
  [/-\d{4}-\d{2}-\d{2}$/, ''], // `-2024-08-06`
  [/-\d{8}$/, ''], // `-20241022`
  [/-latest$/, ''],
  [/-\d{3}$/, ''], // Gemini revisions, `-002`
  [/-\d{4}$/, ''], // OpenAI `-0613`, Mistral `-2411`
];

/** Looser forms of every route form: versions, dates and `-latest` removed one by one. */
export function looseForms(model: string): string[] {
  const seen = new Set(routeForms(model));
  const forms: string[] = [];
  for (const routeForm of seen) {
    let current = routeForm;
    for (let changed = true; changed; ) {
      changed = false;
      for (const [pattern, replacement] of LOOSE_RULES) {
        const next = current.replace(pattern, replacement);
        if (next !== current && next !== '') {
          current = next;
          changed = true;
          if (!seen.has(next) && !forms.includes(next)) forms.push(next);
        }
      }
    }
  }
  return forms;
}

/** Every form to try, most specific first. */
export function modelIdCandidates(model: string): string[] {
  return [...routeForms(model), ...looseForms(model)];
}
