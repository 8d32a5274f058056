// The rules a provider bills by beyond one flat rate per token class, and which of them applies to
// one call. A PriceEntry's own rates are the "standard" ones; its rules say when others apply:
// - prompt-length tiers: above `aboveTokens` prompt tokens (input + cache reads + cache writes),
//   EVERY token of the call is billed at the tier's rates (Gemini 2.5 Pro above 200k, Claude's 1M beta);
// - time-of-day windows (UTC): inside a window its rates apply, outside the `outside` rates
//   (DeepSeek's off-peak discount);
// - 1-hour cache writes: Anthropic bills `ephemeral_1h_input_tokens` at their own rate;
// - service tiers: OpenAI flex / Batch API / priority, Anthropic and Gemini batch; either rates of
//   their own or a fraction of the standard rates.
// Pure: the caller passes the call's time.

import type { ServiceTier } from '@tokenmeter/contracts';

/** Rates per 1M tokens, decimal strings with at most 6 places; null cache rates fall back to input. */
export interface TokenRates {
  inputPerMTok: string;
  cachedInputPerMTok: string | null;
  cacheWritePerMTok: string | null;
  outputPerMTok: string;
  /** Anthropic's 1-hour cache writes; null bills them as 5-minute writes. */
  cacheWrite1hPerMTok?: string | null;
}

export interface PromptTier {
  /** The tier applies when the prompt has MORE than this many tokens. */
  aboveTokens: number;
  /** Rates that change above the threshold; classes left out keep the standard rate. */
  rates: Partial<TokenRates>;
}

export interface TimeOfDayWindow {
  /** `HH:MM:SS` UTC; a window whose end is before its start wraps past midnight. */
  startUtc: string;
  endUtc: string;
  rates: TokenRates;
}

export interface ServiceTierPrice {
  /** The tier's own published rates, when it has them (OpenAI priority). */
  rates?: TokenRates;
  /** Otherwise the tier is this fraction of the standard rates (0.5 for batch and flex). */
  multiplier?: number;
  /** Where the tier's price is published. */
  source: string;
}

export interface PriceRules {
  /** Anthropic's 1-hour cache writes at the standard tier; absent bills them as 5-minute writes. */
  cacheWrite1hPerMTok?: string;
  promptTiers?: readonly PromptTier[];
  timeOfDay?: { windows: readonly TimeOfDayWindow[]; outside: TokenRates };
  serviceTiers?: Partial<Record<Exclude<ServiceTier, 'standard'>, ServiceTierPrice>>;
}

/** What the rules need to know about one call. */
export interface PricingContext {
  time: Date;
  promptTokens: number;
  serviceTier?: ServiceTier;
}

export interface SelectedRates {
  rates: Required<TokenRates>;
  /** The rules applied, in order, e.g. `['prompt-tier:>200000', 'service-tier:batch×0.5']`; `standard` when none. */
  applied: string[];
}

/** The rates that bill one call, and the names of the rules that chose them. */
export function selectRates(base: TokenRates, rules: PriceRules | undefined, context: PricingContext): SelectedRates {
  const applied: string[] = [];
  let rates: Required<TokenRates> = withDefaults({
    ...base,
    cacheWrite1hPerMTok: base.cacheWrite1hPerMTok ?? rules?.cacheWrite1hPerMTok ?? null,
  });
  const window = rules?.timeOfDay;
  if (window) {
    const inside = window.windows.find((candidate) => insideWindow(context.time, candidate));
    rates = withDefaults(inside ? inside.rates : window.outside);
    applied.push(inside ? `time-of-day:${inside.startUtc}-${inside.endUtc}` : 'time-of-day:outside-windows');
  }
  let tier: PromptTier | undefined;
  for (const candidate of rules?.promptTiers ?? []) if (context.promptTokens > candidate.aboveTokens) tier = candidate;
  if (tier) {
    rates = { ...rates, ...definedRates(tier.rates) };
    applied.push(`prompt-tier:>${tier.aboveTokens}`);
  }
  const serviceTier = context.serviceTier ?? 'standard';
  if (serviceTier !== 'standard') {
    const price = rules?.serviceTiers?.[serviceTier];
    if (price?.rates) {
      rates = withDefaults(price.rates);
      applied.push(`service-tier:${serviceTier}`);
    } else if (price?.multiplier !== undefined) {
      rates = scaleRates(rates, price.multiplier);
      applied.push(`service-tier:${serviceTier}×${price.multiplier}`);
    } else {
      // No published price for this tier: the standard rate is the best known figure, and the rule
      // name says so, so a reconciliation can explain the difference.
      applied.push(`service-tier:${serviceTier}:unpriced-standard-rate`);
    }
  }
  if (applied.length === 0) applied.push('standard');
  return { rates, applied };
}

function withDefaults(rates: TokenRates): Required<TokenRates> {
  return { ...rates, cacheWrite1hPerMTok: rates.cacheWrite1hPerMTok ?? null };
}

function definedRates(rates: Partial<TokenRates>): Partial<TokenRates> {
  return Object.fromEntries(Object.entries(rates).filter(([, value]) => value !== undefined));
}

function scaleRates(rates: Required<TokenRates>, multiplier: number): Required<TokenRates> {
  const scale = (value: string | null) => (value === null ? null : scaleDecimal(value, multiplier));
  return {
    inputPerMTok: scaleDecimal(rates.inputPerMTok, multiplier),
    cachedInputPerMTok: scale(rates.cachedInputPerMTok),
    cacheWritePerMTok: scale(rates.cacheWritePerMTok),
    outputPerMTok: scaleDecimal(rates.outputPerMTok, multiplier),
    cacheWrite1hPerMTok: scale(rates.cacheWrite1hPerMTok),
  };
}

/** A 6-place decimal string times a multiplier, rounded to 6 places (multipliers are like 0.5). */
function scaleDecimal(value: string, multiplier: number): string {
  const [whole = '0', fraction = ''] = value.split('.');
  const micros = BigInt(whole) * 1_000_000n + BigInt(fraction.padEnd(6, '0').slice(0, 6) || '0');
  const factor = BigInt(Math.round(multiplier * 1_000_000));
  const scaled = (micros * factor + 500_000n) / 1_000_000n;
  const digits = scaled.toString().padStart(7, '0');
  const decimals = digits.slice(-6).replace(/0+$/, '');
  return `${digits.slice(0, -6)}${decimals ? `.${decimals}` : ''}`;
}

function secondsOfDay(text: string): number {
  const [hours, minutes, seconds] = text.replace(/Z$/, '').split(':');
  return Number(hours) * 3600 + Number(minutes) * 60 + Number.parseFloat(seconds ?? '0');
}

function insideWindow(time: Date, window: TimeOfDayWindow): boolean {
  const now = time.getUTCHours() * 3600 + time.getUTCMinutes() * 60 + time.getUTCSeconds();
  const start = secondsOfDay(window.startUtc);
  const end = secondsOfDay(window.endUtc);
  return end < start ? now >= start || now < end : now >= start && now < end;
}

/**
 * The rates that the named rules (as stored on a record: selectRates' names, `,` between them)
 * selected from an entry, recovered after the fact by replaying selectRates with a call those rules
 * fit; null when the names do not fit the entry's rules (another entry's, or several records' mixed).
 * `withServiceTier: false` leaves the service tier out: the list rates of the call.
 */
export function ratesOfAppliedRules(
  base: TokenRates,
  rules: PriceRules | undefined,
  appliedRules: string | null,
  withServiceTier = true,
): Required<TokenRates> | null {
  // Names that change no rate of a token class (1-hour writes have a class of their own; a region names the entry).
  const names = (appliedRules ?? '')
    .split(',')
    .filter((n) => n !== '' && n !== 'cache-write-1h' && !n.startsWith('region:'));
  const tier = names.find((n) => n.startsWith('prompt-tier:>'));
  const window = names.find((n) => n.startsWith('time-of-day:'));
  const service = names.find((n) => n.startsWith('service-tier:'));
  const time = window === undefined ? new Date(0) : timeOfAppliedWindow(rules, window.slice('time-of-day:'.length));
  if (time === null) return null;
  const context: PricingContext = {
    time,
    promptTokens: tier === undefined ? 0 : Number(tier.slice('prompt-tier:>'.length)) + 1,
    serviceTier:
      service === undefined ? 'standard' : (service.slice('service-tier:'.length).split(/[×:]/)[0] as ServiceTier),
  };
  const replayed = selectRates(base, rules, context);
  const expected = names.length === 0 ? ['standard'] : names;
  if (replayed.applied.join(',') !== expected.join(',')) return null;
  if (withServiceTier || service === undefined) return replayed.rates;
  return selectRates(base, rules, { ...context, serviceTier: 'standard' }).rates;
}

/** A time inside the named window (`HH:MM:SSZ-HH:MM:SSZ`), or outside every window (`outside-windows`). */
function timeOfAppliedWindow(rules: PriceRules | undefined, name: string): Date | null {
  const windows = rules?.timeOfDay?.windows ?? [];
  for (let minute = 0; minute < 24 * 60; minute++) {
    const time = new Date(minute * 60_000);
    const inside = windows.find((candidate) => insideWindow(time, candidate));
    if (name === 'outside-windows' ? inside === undefined : inside && `${inside.startUtc}-${inside.endUtc}` === name)
      return time;
  }
  return null;
}
