// How a provider served a call, which changes its price: OpenAI `service_tier` (`default`, `flex`,
// `priority`, `scale`), Anthropic `usage.service_tier` (`standard`, `priority`, `batch`), and calls
// made through a Batch API. `standard` is the default tier.
export const SERVICE_TIERS = ['standard', 'flex', 'batch', 'priority'] as const;
export type ServiceTier = (typeof SERVICE_TIERS)[number];

/** A provider's own tier name → TokenMeter's; null for a name no price rule knows. */
export function serviceTierFromProvider(name: string | null | undefined): ServiceTier | null {
  if (name === null || name === undefined) return null;
  switch (name.toLowerCase()) {
    case 'default':
    case 'auto':
    case 'standard':
    case 'scale':
      return 'standard';
    case 'flex':
      return 'flex';
    case 'batch':
      return 'batch';
    case 'priority':
      return 'priority';
    default:
      return null;
  }
}
