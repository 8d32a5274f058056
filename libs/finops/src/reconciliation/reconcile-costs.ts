// Metered against invoiced, per day × provider × model, with the difference and, where the price
// rules say why, an explanation a FinOps analyst can act on. Money is exact (10^-12 USD integers).
import type { InvoicedLine } from './provider-cost-export';

export interface MeteredLine {
  day: string;
  provider: string;
  model: string;
  /** USD decimal string; what TokenMeter priced. */
  costUsd: string;
  /** Records of the day and model that had no price (their tokens are metered at $0). */
  unpricedRecords: number;
  /** The part of costUsd sent at the priority service tier (USD decimal); absent: none. */
  priorityTierUsd?: string;
}

export interface ReconciliationLine {
  day: string;
  provider: string;
  model: string;
  meteredUsd: string;
  invoicedUsd: string;
  /** invoiced − metered. */
  differenceUsd: string;
  /** Why they differ, where the export or the price rules say; empty when they agree to the cent. */
  explanations: string[];
}

const PICO = 10n ** 12n;
const CENT = 10n ** 10n;

function pico(value: string): bigint {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  const n = BigInt(whole!) * PICO + BigInt(fraction.slice(0, 12).padEnd(12, '0'));
  return negative ? -n : n;
}

function usd(value: bigint): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const fraction = (abs % PICO).toString().padStart(12, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / PICO}${fraction ? `.${fraction}` : ''}`;
}

/**
 * Provider model ids carry dates and prefixes the metered ones may not: compare on a normal form.
 * Bedrock's inference profiles stack prefixes (`us.anthropic.…`, `global.anthropic.…`) and AWS bills
 * by usage type (`Claude3.5Sonnet`), so the form keeps letters and digits only.
 */
export function modelKey(model: string | null): string {
  return (model ?? '(no model)')
    .toLowerCase()
    .replace(/^([a-z-]+\.)+/, '')
    .replace(/-(\d{4}-\d{2}-\d{2}|\d{8})(-v\d+(:\d+)?)?$/, '')
    .replace(/[^a-z0-9()]/g, '');
}

export function reconcileCosts(
  metered: readonly MeteredLine[],
  invoiced: readonly InvoicedLine[],
): ReconciliationLine[] {
  const lines = new Map<
    string,
    {
      day: string;
      provider: string;
      model: string;
      metered: bigint;
      invoiced: bigint;
      unpriced: number;
      priority: bigint;
      facts: InvoicedLine[];
    }
  >();
  const at = (day: string, provider: string, model: string) => {
    const key = `${day}|${provider}|${modelKey(model)}`;
    let line = lines.get(key);
    if (!line) {
      line = { day, provider, model, metered: 0n, invoiced: 0n, unpriced: 0, priority: 0n, facts: [] };
      lines.set(key, line);
    }
    return line;
  };
  for (const m of metered) {
    const line = at(m.day, m.provider, m.model);
    line.metered += pico(m.costUsd);
    line.unpriced += m.unpricedRecords;
    line.priority += m.priorityTierUsd === undefined ? 0n : pico(m.priorityTierUsd);
    line.model = m.model;
  }
  for (const i of invoiced) {
    const line = at(i.day, i.provider, i.model ?? '(no model)');
    line.invoiced += pico(i.costUsd);
    line.facts.push(i);
  }
  return [...lines.values()]
    .sort(
      (a, b) => a.day.localeCompare(b.day) || a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model),
    )
    .map((line) => {
      const difference = line.invoiced - line.metered;
      const explanations = difference >= CENT / 2n || difference <= -CENT / 2n ? explain(line, difference) : [];
      return {
        day: line.day,
        provider: line.provider,
        model: line.model,
        meteredUsd: usd(line.metered),
        invoicedUsd: usd(line.invoiced),
        differenceUsd: usd(difference),
        explanations,
      };
    });
}

interface LineFacts {
  provider: string;
  metered: bigint;
  invoiced: bigint;
  unpriced: number;
  priority: bigint;
  facts: InvoicedLine[];
}

/**
 * A cause the export or the price rules point to, the way it moves the difference (invoiced − metered) and by
 * how much at most (null: by any amount).
 */
interface Cause {
  text: string;
  sign: 1n | -1n;
  atMost: bigint | null;
}

/**
 * The causes that can account for the difference: only those that move it the way it goes, and together
 * only up to what they can account for; the rest is said to be unexplained, with its amount. (A batch line
 * of $0.02 on the invoice used to "explain" an invoice $5.02 above the metered cost.)
 */
function explain(line: LineFacts, difference: bigint): string[] {
  const { facts } = line;
  const total = (f: InvoicedLine[]) => f.reduce((sum, x) => sum + pico(x.costUsd), 0n);
  const causes: Cause[] = [];
  if (line.metered === 0n && line.unpriced === 0 && line.invoiced !== 0n)
    causes.push({
      text: 'missing usage: invoiced, but no usage of this model was metered that day',
      sign: 1n,
      atMost: null,
    });
  if (line.unpriced > 0)
    causes.push({
      text: `unpriced model: ${line.unpriced} metered record(s) had no price entry and count $0`,
      sign: 1n,
      atMost: null,
    });
  if (line.invoiced === 0n && line.metered !== 0n && facts.length === 0)
    causes.push({
      text: 'not invoiced: metered usage the export has no cost for (another account, or not billed yet)',
      sign: -1n,
      atMost: null,
    });
  // Anthropic documents that its cost report leaves Priority Tier costs out (they are billed under the
  // Priority Tier commitment), so metered priority usage has no invoiced line to match.
  if (line.provider === 'anthropic' && line.priority > 0n)
    causes.push({
      text:
        `priority tier: $${usd(line.priority)} metered at Anthropic's Priority Tier, which the Anthropic cost ` +
        'report leaves out (Priority Tier is billed apart; see its usage report)',
      sign: -1n,
      atMost: line.priority,
    });
  // Usage sent without its tier is metered at the standard rate: above a discounted line's cost (batch and
  // flex are half price, so by at most the line's own cost), below a priority line's.
  for (const tier of ['batch', 'flex', 'priority'] as const) {
    const tiered = facts.filter((f) => f.serviceTier === tier);
    if (tiered.length > 0)
      causes.push({
        text:
          `${tier} tier: $${usd(total(tiered))} invoiced at the ${tier} rate; usage sent without its service tier ` +
          'is metered at the standard rate',
        sign: tier === 'priority' ? 1n : -1n,
        atMost: total(tiered),
      });
  }
  const oneHour = facts.filter((f) => /1h/i.test(`${f.tokenType ?? ''} ${f.description ?? ''}`));
  if (oneHour.length > 0)
    causes.push({
      text:
        `1-hour cache writes: $${usd(total(oneHour))} invoiced at the 1h rate; writes metered without ` +
        'cacheWrite1hTokens are priced as 5-minute writes',
      sign: 1n,
      atMost: total(oneHour),
    });
  const longContext = facts.filter((f) => f.contextWindow !== null && f.contextWindow !== '0-200k');
  if (longContext.length > 0)
    causes.push({
      text: `long-context tier: $${usd(total(longContext))} invoiced for prompts above 200k tokens at the higher rate`,
      sign: 1n,
      atMost: total(longContext),
    });
  const sign = difference > 0n ? 1n : -1n;
  const fitting = causes.filter((cause) => cause.sign === sign);
  const explanations = fitting.map((cause) => cause.text);
  const accounted = fitting.some((cause) => cause.atMost === null)
    ? null
    : fitting.reduce((sum, cause) => sum + (cause.atMost as bigint), 0n);
  const magnitude = difference * sign;
  const rest = accounted === null ? 0n : magnitude - accounted;
  if (rest >= CENT / 2n) {
    const way = sign > 0n ? 'above' : 'below';
    explanations.push(
      fitting.length === 0
        ? `unexplained: the invoice is $${usd(magnitude)} ${way} the metered cost, and no price rule or export fact ` +
            'accounts for it (check the price entry, retries and credits)'
        : `unexplained: $${usd(rest)} of the $${usd(magnitude)} the invoice is ${way} the metered cost is more ` +
            'than the causes above can account for (check the price entry, retries and credits)',
    );
  }
  return explanations;
}

/** The comparison for the providers that have an import (other providers' metered spend has nothing to match). */
export function reconcileImported(
  metered: readonly MeteredLine[],
  invoiced: readonly InvoicedLine[],
): ReconciliationLine[] {
  const imported = new Set<string>(invoiced.map((l) => l.provider));
  return reconcileCosts(
    metered.filter((m) => imported.has(m.provider)),
    invoiced,
  );
}
