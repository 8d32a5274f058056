// A FOCUS usage row's CSV line as bytes with holes: every column that depends only on the row's
// identity (team, provider, model, price entry and rules, token class) is rendered once through
// usageFocusRow and csvField and kept as UTF-8; the figures and the day's dates are the holes
// (slots), written per row. Rendering through the same row builder keeps the line byte for byte
// what csvLine(usageFocusRow(…)) gives.
import type { ByteSink } from './byte-sink';
import { csvField } from './csv-text';
import {
  type DailyPricedUsage,
  dailyUsageColumns,
  FOCUS_EXPORT_COLUMNS,
  type FocusRow,
  type TokenClass,
  usageFocusRow,
} from './focus-rows';

/** What a slot holds; written per row by FocusCsvWriter. A slot's code is its index here. */
export const SLOTS = [
  'cost',
  'listCost',
  'unitPrice',
  'quantity',
  'billingPeriodEnd',
  'billingPeriodStart',
  'chargePeriodEnd',
  'chargePeriodStart',
] as const;
export type Slot = (typeof SLOTS)[number];
/** The code of the first date slot: the dates' codes follow in SLOTS order. */
export const FIRST_DATE_SLOT = SLOTS.indexOf('billingPeriodEnd');

/**
 * Constant bytes and slots alternating: part 0, slots[0], part 1, …, part slots.length (which ends the
 * line). Part i is bytes [parts[2i], parts[2i + 1]) of the arena the template was rendered into.
 */
export interface RowTemplate {
  parts: number[];
  slots: Slot[];
  /** The slots' codes (indices in SLOTS), switched on per line. */
  codes: Uint8Array;
}

/** How a row's price reads: at its list rates (Standard), otherwise (Other), or no price known. */
export type PriceVariant = 'Standard' | 'Other' | 'unpriced';

// Values no column can hold as a whole (Postgres text has no NUL), standing for the slots.
const MARK: Record<Slot, string> = {
  cost: '\u0000cost',
  listCost: '\u0000list-cost',
  unitPrice: '\u0000unit-price',
  quantity: '\u0000quantity',
  billingPeriodEnd: '\u0000billing-period-end',
  billingPeriodStart: '\u0000billing-period-start',
  chargePeriodEnd: '\u0000charge-period-end',
  chargePeriodStart: '\u0000charge-period-start',
};
const SLOT_OF_MARK = new Map(Object.entries(MARK).map(([slot, mark]) => [mark, slot as Slot]));
// The constant columns of a row are the same every day; only the marked dates change.
const TEMPLATE_DAY_COLUMNS = {
  ...dailyUsageColumns('2000-01-01'),
  BillingPeriodEnd: MARK.billingPeriodEnd,
  BillingPeriodStart: MARK.billingPeriodStart,
  ChargePeriodEnd: MARK.chargePeriodEnd,
  ChargePeriodStart: MARK.chargePeriodStart,
};

/**
 * The line template of one token class of `usage`'s identity (its day and figures are not used), its
 * constant parts written into `arena` (one buffer for every template, not an allocation per part).
 */
export function usageRowTemplate(
  usage: DailyPricedUsage,
  tokenClass: TokenClass,
  variant: PriceVariant,
  arena: ByteSink,
): RowTemplate {
  const row = usageFocusRow(
    usage,
    tokenClass,
    {
      cost: MARK.cost,
      listCost: MARK.listCost,
      unitPrice: variant === 'unpriced' ? null : MARK.unitPrice,
      quantity: MARK.quantity,
    },
    variant === 'unpriced' ? null : variant,
    TEMPLATE_DAY_COLUMNS,
  );
  return lineTemplate(row, arena);
}

function lineTemplate(row: FocusRow, arena: ByteSink): RowTemplate {
  const parts: number[] = [];
  const part = (text: string) => {
    parts.push(arena.size);
    arena.writeText(text);
    parts.push(arena.size);
  };
  const slots: Slot[] = [];
  let text = '';
  FOCUS_EXPORT_COLUMNS.forEach((column, index) => {
    if (index > 0) text += ',';
    const value = row[column];
    const slot = value === null ? undefined : SLOT_OF_MARK.get(value);
    if (slot === undefined) {
      text += csvField(value);
      return;
    }
    part(text);
    slots.push(slot);
    text = '';
  });
  part(`${text}\r\n`);
  return { parts, slots, codes: Uint8Array.from(slots, (slot) => SLOTS.indexOf(slot)) };
}
