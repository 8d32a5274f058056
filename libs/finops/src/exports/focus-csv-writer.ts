// The FOCUS export as CSV bytes, written straight into a reused buffer: the lines
// csvLine(focusExportRows(…)) would give, byte for byte, without building a row object or a string
// per cell. A row identity's constant columns are rendered once (focus-row-template.ts) and kept, with
// its rates, in a FocusTemplateCache that may outlive the writer; per row only the figures are worked
// out (exact integers of 10^-12 USD, as focusRows) and written as digits.
import { SELF_HOSTED_PROVIDER } from '@tokenmeter/contracts';
import { ByteSink } from './byte-sink';
import { csvLine } from './csv-text';
import { type ClassFigures, classFigures, figuresInBigints, figuresInNumbers } from './focus-row-figures';
import { FIRST_DATE_SLOT, type PriceVariant, type RowTemplate, SLOTS } from './focus-row-template';
import {
  classCosts,
  type DailyPricedUsage,
  FOCUS_EXPORT_COLUMNS,
  PICO,
  pricingCategory,
  type SelfHostedDeploymentDay,
  selfHostedFocusRows,
  TOKEN_CLASSES,
} from './focus-rows';
import { FocusTemplateCache, type IdentityTemplates } from './focus-template-cache';

/** The day being written and its dates' ranges in the arena (FocusTemplateCache.dates). */
interface DayDates {
  day: string;
  ranges: number[];
}

const COST = SLOTS.indexOf('cost');
const LIST_COST = SLOTS.indexOf('listCost');
const UNIT_PRICE = SLOTS.indexOf('unitPrice');
const QUANTITY = SLOTS.indexOf('quantity');
const CLASS_COUNT = TOKEN_CLASSES.length;

export class FocusCsvWriter {
  private readonly sink = new ByteSink();
  private readonly arena: ByteSink;
  private dates: DayDates | null = null;
  // A row's figures, reused from row to row.
  private readonly numberFigures = classFigures(0);
  private readonly bigintFigures = classFigures(0n);

  /**
   * For every team (team undefined) or one team's own rows, as focusExportRows; with the templates of
   * `templates` (shared with earlier writers) or of its own.
   */
  constructor(
    private readonly teamNames: Readonly<Record<string, string>>,
    private readonly team?: string,
    private readonly templates = new FocusTemplateCache(),
  ) {
    this.arena = templates.arena;
  }

  header(): Uint8Array {
    this.sink.writeText(csvLine(FOCUS_EXPORT_COLUMNS));
    return this.sink.take();
  }

  /**
   * The lines of days of usage (both lists ordered by day): each day as focusExportRows of that day's
   * usage and deployment days would give them.
   */
  rows(usage: readonly DailyPricedUsage[], deploymentDays: readonly SelfHostedDeploymentDay[]): Uint8Array {
    let next = 0;
    for (const row of usage) {
      while (next < deploymentDays.length && deploymentDays[next]!.day < row.day)
        this.writeSelfHosted(deploymentDays[next++]!);
      if (row.provider === SELF_HOSTED_PROVIDER || (this.team !== undefined && row.team !== this.team)) continue;
      const identity = this.templates.identity(row);
      if (identity.prices === null) this.writeByClassCosts(row, identity);
      else this.writeEntryPriced(row, identity);
    }
    while (next < deploymentDays.length) this.writeSelfHosted(deploymentDays[next++]!);
    return this.sink.take();
  }

  /** The common row: priced by its entry's rates (figures in numbers when they fit, else in bigints). */
  private writeEntryPriced(row: DailyPricedUsage, identity: IdentityTemplates): void {
    const prices = identity.prices!;
    let figures: ClassFigures<number> | ClassFigures<bigint> = this.numberFigures;
    let variant = figuresInNumbers(row, prices, this.numberFigures);
    if (variant === null) {
      figures = this.bigintFigures;
      variant = figuresInBigints(row, prices, this.bigintFigures);
    }
    if (variant === 'none') return;
    for (let k = 0; k < CLASS_COUNT; k++) {
      if (figures.tokens[k]! <= 0) continue;
      const line = this.templates.line(identity, row, k, variant);
      this.writeLine(
        line,
        row,
        figures.paid[k]!,
        figures.list[k]!,
        null,
        figures.tokens[k]!,
        identity.unitPriceText,
        k,
      );
    }
  }

  /** Client-supplied costs and unpriced rows: rare, so through focusRows' own class costs. */
  private writeByClassCosts(row: DailyPricedUsage, identity: IdentityTemplates): void {
    const costs = classCosts(row, this.templates.rates);
    const category = pricingCategory(costs, row.serviceTier ?? null);
    for (const c of costs) {
      const k = TOKEN_CLASSES.indexOf(c.tokenClass);
      const variant: PriceVariant = c.unitPrice === null ? 'unpriced' : category === 'Other' ? 'Other' : 'Standard';
      this.writeLine(this.templates.line(identity, row, k, variant), row, c.cost, c.listCost, c.unitPrice, c.tokens);
    }
  }

  private writeLine(
    template: RowTemplate,
    row: DailyPricedUsage,
    cost: bigint | number,
    listCost: bigint | number,
    unitPrice: bigint | null,
    quantity: bigint | number,
    /** The identity's unit price texts, and this class's index in them (else unitPrice is written). */
    unitPriceTexts: number[] | null = null,
    k = 0,
  ): void {
    const { sink, arena } = this;
    const dates = this.datesOf(row.day).ranges;
    const { parts, codes } = template;
    // A line holds each figure twice: written once, then its bytes copied.
    let costAt = -1;
    let costEnd = -1;
    let listCostAt = -1;
    let listCostEnd = -1;
    let quantityAt = -1;
    let quantityEnd = -1;
    for (let i = 0; i < codes.length; i++) {
      sink.writeRange(arena, parts[2 * i]!, parts[2 * i + 1]!);
      const code = codes[i]!;
      switch (code) {
        case COST:
          if (costAt >= 0) sink.repeat(costAt, costEnd);
          else {
            costAt = sink.size;
            sink.writeScaled(cost, PICO);
            costEnd = sink.size;
          }
          break;
        case LIST_COST:
          if (listCostAt >= 0) sink.repeat(listCostAt, listCostEnd);
          else {
            listCostAt = sink.size;
            sink.writeScaled(listCost, PICO);
            listCostEnd = sink.size;
          }
          break;
        case UNIT_PRICE:
          if (unitPriceTexts !== null) sink.writeRange(arena, unitPriceTexts[2 * k]!, unitPriceTexts[2 * k + 1]!);
          else if (unitPrice !== null) sink.writeScaled(unitPrice, PICO);
          break;
        case QUANTITY:
          if (quantityAt >= 0) sink.repeat(quantityAt, quantityEnd);
          else {
            quantityAt = sink.size;
            sink.writeInteger(quantity);
            quantityEnd = sink.size;
          }
          break;
        default: {
          const at = 2 * (code - FIRST_DATE_SLOT);
          sink.writeRange(arena, dates[at]!, dates[at + 1]!);
        }
      }
    }
    sink.writeRange(arena, parts[2 * codes.length]!, parts[2 * codes.length + 1]!);
  }

  private writeSelfHosted(day: SelfHostedDeploymentDay): void {
    for (const row of selfHostedFocusRows([day], this.teamNames)) {
      if (this.team !== undefined && row.SubAccountId !== this.team) continue;
      this.sink.writeText(csvLine(FOCUS_EXPORT_COLUMNS.map((column) => row[column])));
    }
  }

  private datesOf(day: string): DayDates {
    if (this.dates?.day !== day) this.dates = { day, ranges: this.templates.dates(day) };
    return this.dates;
  }
}
