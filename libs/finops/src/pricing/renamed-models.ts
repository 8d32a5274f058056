// Model names a provider pointed at another model from a date the bundled price list does not carry: calls to
// the old name are billed as the new model from then on. DeepSeek's V4 Preview (2026-04-24) made `deepseek-chat`
// and `deepseek-reasoner` aliases of deepseek-v4-flash's non-thinking and thinking modes; priced as DeepSeek-V3,
// a deepseek-chat call in May 2026 read $0.00362 where DeepSeek billed $0.00108192.
import { bundledPriceEntryId } from './bundled-price-id';
import type { PriceEntry } from './price-entry';

export interface ModelRenaming {
  provider: string;
  model: string;
  /** The model whose prices the name bills at from `from`. */
  becomes: string;
  from: Date;
  source: string;
}

const DEEPSEEK_V4 =
  'DeepSeek Models & Pricing (https://api-docs.deepseek.com/quick_start/pricing): "deepseek-chat and ' +
  'deepseek-reasoner ... correspond to the non-thinking mode and thinking mode of deepseek-v4-flash", since the ' +
  'V4 Preview of 2026-04-24';

// Both names, one renaming: thinking or not is the same model at the same prices.
export const MODEL_RENAMINGS: readonly ModelRenaming[] = ['deepseek-chat', 'deepseek-reasoner'].map((model) => ({
  provider: 'deepseek',
  model,
  becomes: 'deepseek-v4-flash',
  from: new Date('2026-04-24'),
  source: DEEPSEEK_V4,
}));

/**
 * The old name's entries from the renaming on: the new model's entry in force at `from`, starting then, and each
 * of its later ones, under the old name's ids; their source says why.
 */
export function renamedModelEntries(entries: readonly PriceEntry[], renaming: ModelRenaming): PriceEntry[] {
  const target = entries
    .filter((e) => e.provider === renaming.provider && e.model === renaming.becomes)
    .sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
  const inForce = target.filter((e) => e.effectiveFrom <= renaming.from).at(-1);
  const later = target.filter((e) => e.effectiveFrom > renaming.from);
  const since = renaming.from.toISOString().slice(0, 10);
  return [...(inForce ? [{ ...inForce, effectiveFrom: renaming.from }] : []), ...later].map((entry) => ({
    ...entry,
    id: bundledPriceEntryId(renaming.provider, renaming.model, entry.effectiveFrom),
    model: renaming.model,
    source: `${entry.source}; ${renaming.model} billed as ${renaming.becomes} from ${since}: ${renaming.source}`.slice(
      0,
      500,
    ),
  }));
}
