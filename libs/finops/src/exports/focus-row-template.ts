// A FOCUS usage row's CSV line as bytes with holes: every column that depends only on the row's
// identity (team, provider, model, price entry and rules, token class) is rendered once through
// usageFocusRow and csvField and kept as UTF-8; the figures and the day's dates are the holes
// (slots), written per row. Rendering through the same row builder keeps the line byte for byte
// what csvLine(usageFocusRow(…)) gives.
import { csvField } from './csv-text';
import {
  type DailyPricedUsage,
  dailyUsageColumns,
  FOCUS_EXPORT_COLUMNS,
  type FocusRow,
  type TokenClass,
  usageFocusRow,
} from './focus-rows';

/** What a slot holds; written per row by FocusCsvWriter. */
export type Slot =
  | 'cost'
  | 'listCost'
  | 'unitPrice'
  | 'quantity'
  | 'billingPeriodEnd'
  | 'billingPeriodStart'
  | 'chargePeriodEnd'
  | 'chargePeriodStart';

/** Bytes and slots alternating: parts[0], slots[0], parts[1], …, parts[slots.length] (the last ends the line). */
export interface RowTemplate {
  parts: Uint8Array[];
  slots: Slot[];
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
const encoder = new TextEncoder();

/** The line template of one token class of `usage`'s identity (its day and figures are not used). */
export function usageRowTemplate(usage: DailyPricedUsage, tokenClass: TokenClass, variant: PriceVariant): RowTemplate {
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
    {
      ...dailyUsageColumns(usage.day),
      BillingPeriodEnd: MARK.billingPeriodEnd,
      BillingPeriodStart: MARK.billingPeriodStart,
      ChargePeriodEnd: MARK.chargePeriodEnd,
      ChargePeriodStart: MARK.chargePeriodStart,
    },
  );
  return lineTemplate(row);
}

function lineTemplate(row: FocusRow): RowTemplate {
  const parts: Uint8Array[] = [];
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
    parts.push(encoder.encode(text));
    slots.push(slot);
    text = '';
  });
  parts.push(encoder.encode(`${text}\r\n`));
  return { parts, slots };
}
