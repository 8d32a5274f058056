// Which open model of the catalog can stand in for an API model, by quality tier, and which API
// model is the reference price for a self-hosted deployment of an open model. A tier table, not a
// benchmark: the recommendation names the choice and the reason so a person can overrule it.
import type { Precision } from '../catalogs/precision';

export type QualityTier = 'small' | 'large' | 'frontier';

export interface OpenModelChoice {
  tier: QualityTier;
  modelId: string;
  precision: Precision;
  reason: string;
}

// Checked in order; the first pattern that matches the API model id decides the tier.
const TIER_PATTERNS: readonly [RegExp, QualityTier][] = [
  [/(mini|nano|haiku|flash|lite|small|3\.5-turbo|instant|8b|7b)/i, 'small'],
  [/(opus|o1|o3|gpt-5|gpt-4\.5|ultra|405b|deepseek-r1)/i, 'frontier'],
  [/(gpt-4|sonnet|pro|large|70b|command-r|mistral-medium|deepseek)/i, 'large'],
];

const OPEN_MODEL_BY_TIER: Readonly<Record<QualityTier, { modelId: string; precision: Precision }>> = {
  small: { modelId: 'llama-3.1-8b', precision: 'fp16' },
  large: { modelId: 'llama-3.1-70b', precision: 'fp8' },
  frontier: { modelId: 'llama-3.1-405b', precision: 'fp8' },
};

/** API model priced against a self-hosted deployment of each tier (provider, model id in the price book). */
export const REFERENCE_API_MODEL_BY_TIER: Readonly<Record<QualityTier, { provider: string; model: string }>> = {
  small: { provider: 'openai', model: 'gpt-4o-mini' },
  large: { provider: 'openai', model: 'gpt-4o' },
  frontier: { provider: 'anthropic', model: 'claude-opus-4' },
};

export function qualityTierOf(apiModel: string): QualityTier {
  for (const [pattern, tier] of TIER_PATTERNS) if (pattern.test(apiModel)) return tier;
  return 'large';
}

export function comparableOpenModel(apiModel: string): OpenModelChoice {
  const tier = qualityTierOf(apiModel);
  const choice = OPEN_MODEL_BY_TIER[tier];
  return {
    tier,
    ...choice,
    reason:
      `${apiModel} is in the ${tier} quality tier; ` +
      `${choice.modelId} at ${choice.precision} is the catalog's ${tier}-tier open model`,
  };
}

/** The tier of an open model a deployment serves (by parameter count in its id), default large. */
export function tierOfOpenModel(servedModel: string): QualityTier {
  const billions = /(\d+(?:\.\d+)?)b\b/i.exec(servedModel);
  if (!billions) return 'large';
  const size = Number(billions[1]);
  if (size < 20) return 'small';
  if (size < 200) return 'large';
  return 'frontier';
}
