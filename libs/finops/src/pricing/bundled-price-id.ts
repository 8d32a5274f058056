// The id of a bundled price entry, stable across runs (the seed upserts by it).
export const BUNDLED_PRICE_ID_PREFIX = 'genai-prices';
export const MAX_PRICE_ENTRY_ID_LENGTH = 128;

/** `genai-prices:openai:gpt-4o:1970-01-01`; long model ids are shortened with a hash to stay ≤ 128. */
export function bundledPriceEntryId(providerId: string, modelId: string, effectiveFrom: Date): string {
  const date = effectiveFrom.toISOString().slice(0, 10);
  const id = `${BUNDLED_PRICE_ID_PREFIX}:${providerId}:${modelId}:${date}`;
  if (id.length <= MAX_PRICE_ENTRY_ID_LENGTH) return id;
  const hash = fnv1a(`${providerId}:${modelId}`);
  const room = MAX_PRICE_ENTRY_ID_LENGTH - `${BUNDLED_PRICE_ID_PREFIX}:${providerId}::${date}`.length - hash.length - 1;
  return `${BUNDLED_PRICE_ID_PREFIX}:${providerId}:${modelId.slice(0, Math.max(room, 0))}~${hash}:${date}`;
}

function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
