// The FOCUS export as CSV bytes, written straight into a reused buffer: the lines
// csvLine(focusExportRows(…)) would give, byte for byte, without building a row object or a string
// per cell. A row identity's constant columns are rendered once (focus-row-template.ts) and kept on a
// tree of the identity's values, with its rates; per row only the figures are worked out (exact
// integers of 10^-12 USD, as focusRows) and written as digits.
import { SELF_HOSTED_PROVIDER } from '@tokenmeter/contracts';
import { ByteSink } from './byte-sink';
import { csvLine } from './csv-text';
import { type PriceVariant, type RowTemplate, usageRowTemplate } from './focus-row-template';
import {
  apportion,
  type ClassRates,
  cachedEntryClassRates,
  classCosts,
  type DailyPricedUsage,
  dailyUsageColumns,
  FOCUS_EXPORT_COLUMNS,
  isEntryPriced,
  PICO,
  picoFromDecimal,
  pricingCategory,
  type SelfHostedDeploymentDay,
  selfHostedFocusRows,
  TOKEN_CLASSES,
} from './focus-rows';

/** One row identity's rates and line templates (by token class and price variant, made when first needed). */
interface IdentityTemplates {
  /** List and paid per-token prices by class (TOKEN_CLASSES order); null unless entry-priced. */
  listPrices: bigint[] | null;
  paidPrices: bigint[] | null;
  listPriceNumbers: number[] | null;
  paidPriceNumbers: number[] | null;
  /** The list unit prices' text by class: [start, end) pairs in the arena. */
  unitPriceText: number[] | null;
  /** Per-class token counts up to this keep every product and sum of the row's figures a safe integer. */
  safeTokens: bigint;
  /** By class × price variant (lineIndex). */
  lines: (RowTemplate | undefined)[];
}

/** The four dates of a day's rows, as [start, end) pairs in the arena. */
interface DayDates {
  day: string;
  billingPeriodEnd: [number, number];
  billingPeriodStart: [number, number];
  chargePeriodEnd: [number, number];
  chargePeriodStart: [number, number];
}

type IdentityTree = Map<string | null, IdentityTree | IdentityTemplates>;

const encoder = new TextEncoder();
const CLASS_COUNT = TOKEN_CLASSES.length;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const VARIANTS: readonly PriceVariant[] = ['Standard', 'Other', 'unpriced'];

export class FocusCsvWriter {
  private readonly sink = new ByteSink();
  /** Every constant part of every template, and the dates and unit prices, as bytes. */
  private readonly arena = new ByteSink();
  private readonly identities: IdentityTree = new Map();
  private readonly ratesCache = new Map<string, ClassRates>();
  private dates: DayDates | null = null;
  // Per-row scratch, reused: tokens, list costs and paid costs by class.
  private readonly tokens: bigint[] = new Array<bigint>(CLASS_COUNT).fill(0n);
  private readonly list: bigint[] = new Array<bigint>(CLASS_COUNT).fill(0n);
  private readonly paid: bigint[] = new Array<bigint>(CLASS_COUNT).fill(0n);
  private readonly tokenCounts: number[] = new Array<number>(CLASS_COUNT).fill(0);
  private readonly listCosts: number[] = new Array<number>(CLASS_COUNT).fill(0);
  private readonly paidCosts: number[] = new Array<number>(CLASS_COUNT).fill(0);

  /** For every team (team undefined) or one team's own rows, as focusExportRows. */
  constructor(
    private readonly teamNames: Readonly<Record<string, string>>,
    private readonly team?: string,
  ) {}

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
      const identity = this.identity(row);
      if (identity.listPrices === null) this.writeByClassCosts(row, identity);
      else this.writeEntryPriced(row, identity);
    }
    while (next < deploymentDays.length) this.writeSelfHosted(deploymentDays[next++]!);
    return this.sink.take();
  }

  /**
   * The common row, priced by its entry's rates, with every figure below 2^53 and a stored cost that is
   * the rates' sum (nothing to apportion): worked out in plain numbers. False: not such a row.
   */
  private writeEntryPricedInNumbers(row: DailyPricedUsage, identity: IdentityTemplates): boolean {
    const limit = identity.safeTokens;
    if (
      row.inputTokens > limit ||
      row.cachedInputTokens > limit ||
      row.cacheWriteTokens > limit ||
      row.outputTokens > limit
    )
      return false;
    const stored = row.costUsd === null ? null : picoNumber(row.costUsd);
    if (Number.isNaN(stored)) return false;
    const { tokenCounts: tokens, listCosts: list, paidCosts: paid } = this;
    const listPrices = identity.listPriceNumbers!;
    const paidPrices = identity.paidPriceNumbers!;
    tokens[0] = Number(row.inputTokens);
    tokens[1] = Number(row.cachedInputTokens);
    tokens[2] = Number(row.cacheWriteTokens);
    tokens[3] = Number(row.outputTokens);
    let tokenSum = 0;
    let listSum = 0;
    let weightSum = 0;
    for (let k = 0; k < CLASS_COUNT; k++) {
      if (tokens[k]! <= 0) continue;
      list[k] = tokens[k]! * listPrices[k]!;
      paid[k] = tokens[k]! * paidPrices[k]!;
      tokenSum += tokens[k]!;
      listSum += list[k]!;
      weightSum += paid[k]!;
    }
    if (tokenSum === 0) return true;
    if (stored !== null && stored !== weightSum) return false;
    if (stored === null) for (let k = 0; k < CLASS_COUNT; k++) paid[k] = list[k]!;
    const paidSum = stored ?? listSum;
    const serviceTier = row.serviceTier ?? null;
    const gap = paidSum > listSum ? paidSum - listSum : listSum - paidSum;
    const variant: PriceVariant =
      (serviceTier !== null && serviceTier !== 'standard') || gap > 1000 + tokenSum ? 'Other' : 'Standard';
    for (let k = 0; k < CLASS_COUNT; k++) {
      if (tokens[k]! <= 0) continue;
      const line = this.line(identity, row, k, variant);
      this.writeLine(line, row, paid[k]!, list[k]!, null, tokens[k]!, identity.unitPriceText!, k);
    }
    return true;
  }

  /** An entry-priced row in exact bigints, as focusRows works it out. */
  private writeEntryPriced(row: DailyPricedUsage, identity: IdentityTemplates): void {
    if (this.writeEntryPricedInNumbers(row, identity)) return;
    const { tokens, list, paid } = this;
    const listPrices = identity.listPrices!;
    const paidPrices = identity.paidPrices!;
    tokens[0] = row.inputTokens;
    tokens[1] = row.cachedInputTokens;
    tokens[2] = row.cacheWriteTokens;
    tokens[3] = row.outputTokens;
    let present = 0;
    let tokenSum = 0n;
    let listSum = 0n;
    let weightSum = 0n;
    for (let k = 0; k < CLASS_COUNT; k++) {
      if (tokens[k]! <= 0n) continue;
      present++;
      list[k] = tokens[k]! * listPrices[k]!;
      paid[k] = listPrices === paidPrices ? list[k]! : tokens[k]! * paidPrices[k]!;
      tokenSum += tokens[k]!;
      listSum += list[k]!;
      weightSum += paid[k]!;
    }
    if (present === 0) return;
    const stored = row.costUsd === null ? null : picoFromDecimal(row.costUsd);
    // paid[] holds the weights; a stored cost equal to their sum is already split (the usual case),
    // otherwise it is apportioned over them as focusRows does.
    if (stored === null) for (let k = 0; k < CLASS_COUNT; k++) paid[k] = list[k]!;
    else if (stored !== weightSum) this.apportionPaid(stored);
    const paidSum = stored ?? listSum;
    const serviceTier = row.serviceTier ?? null;
    const gap = paidSum > listSum ? paidSum - listSum : listSum - paidSum;
    const variant: PriceVariant =
      (serviceTier !== null && serviceTier !== 'standard') || gap > 1000n + tokenSum ? 'Other' : 'Standard';
    for (let k = 0; k < CLASS_COUNT; k++) {
      if (tokens[k]! <= 0n) continue;
      this.writeLine(
        this.line(identity, row, k, variant),
        row,
        paid[k]!,
        list[k]!,
        null,
        tokens[k]!,
        identity.unitPriceText!,
        k,
      );
    }
  }

  private apportionPaid(stored: bigint): void {
    const present: number[] = [];
    for (let k = 0; k < CLASS_COUNT; k++) if (this.tokens[k]! > 0n) present.push(k);
    const shares = apportion(
      stored,
      present.map((k) => this.paid[k]!),
    );
    present.forEach((k, i) => {
      this.paid[k] = shares[i]!;
    });
  }

  /** Client-supplied costs and unpriced rows: rare, so through focusRows' own class costs. */
  private writeByClassCosts(row: DailyPricedUsage, identity: IdentityTemplates): void {
    const costs = classCosts(row, this.ratesCache);
    const category = pricingCategory(costs, row.serviceTier ?? null);
    for (const c of costs) {
      const k = TOKEN_CLASSES.indexOf(c.tokenClass);
      const variant: PriceVariant = c.unitPrice === null ? 'unpriced' : category === 'Other' ? 'Other' : 'Standard';
      this.writeLine(this.line(identity, row, k, variant), row, c.cost, c.listCost, c.unitPrice, c.tokens);
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
    const dates = this.datesOf(row.day);
    const { parts, slots } = template;
    // A line holds each figure twice: written once, then its bytes copied.
    let costAt = -1;
    let costEnd = -1;
    let listCostAt = -1;
    let listCostEnd = -1;
    let quantityAt = -1;
    let quantityEnd = -1;
    for (let i = 0; i < slots.length; i++) {
      sink.writeRange(arena, parts[2 * i]!, parts[2 * i + 1]!);
      switch (slots[i]) {
        case 'cost':
          if (costAt >= 0) sink.repeat(costAt, costEnd);
          else {
            costAt = sink.size;
            sink.writeScaled(cost, PICO);
            costEnd = sink.size;
          }
          break;
        case 'listCost':
          if (listCostAt >= 0) sink.repeat(listCostAt, listCostEnd);
          else {
            listCostAt = sink.size;
            sink.writeScaled(listCost, PICO);
            listCostEnd = sink.size;
          }
          break;
        case 'unitPrice':
          if (unitPriceTexts !== null) sink.writeRange(arena, unitPriceTexts[2 * k]!, unitPriceTexts[2 * k + 1]!);
          else if (unitPrice !== null) sink.writeScaled(unitPrice, PICO);
          break;
        case 'quantity':
          if (quantityAt >= 0) sink.repeat(quantityAt, quantityEnd);
          else {
            quantityAt = sink.size;
            sink.writeInteger(quantity);
            quantityEnd = sink.size;
          }
          break;
        case 'billingPeriodEnd':
          sink.writeRange(arena, dates.billingPeriodEnd[0], dates.billingPeriodEnd[1]);
          break;
        case 'billingPeriodStart':
          sink.writeRange(arena, dates.billingPeriodStart[0], dates.billingPeriodStart[1]);
          break;
        case 'chargePeriodEnd':
          sink.writeRange(arena, dates.chargePeriodEnd[0], dates.chargePeriodEnd[1]);
          break;
        case 'chargePeriodStart':
          sink.writeRange(arena, dates.chargePeriodStart[0], dates.chargePeriodStart[1]);
          break;
      }
    }
    sink.writeRange(arena, parts[2 * slots.length]!, parts[2 * slots.length + 1]!);
  }

  private writeSelfHosted(day: SelfHostedDeploymentDay): void {
    for (const row of selfHostedFocusRows([day], this.teamNames)) {
      if (this.team !== undefined && row.SubAccountId !== this.team) continue;
      this.sink.writeText(csvLine(FOCUS_EXPORT_COLUMNS.map((column) => row[column])));
    }
  }

  private line(identity: IdentityTemplates, row: DailyPricedUsage, k: number, variant: PriceVariant): RowTemplate {
    const index = k * VARIANTS.length + VARIANTS.indexOf(variant);
    identity.lines[index] ??= usageRowTemplate(row, TOKEN_CLASSES[k]!, variant, this.arena);
    return identity.lines[index];
  }

  /** The identity's templates: every value a line's constant columns or its rates depend on is a level. */
  private identity(row: DailyPricedUsage): IdentityTemplates {
    let level = this.identities;
    const keys = [
      row.team,
      row.teamName,
      row.provider,
      row.model,
      row.serviceTier ?? null,
      row.priceVersion,
      row.priceRules ?? null,
      row.inputPerMTok,
      row.cachedInputPerMTok,
      row.cacheWritePerMTok,
    ];
    for (const key of keys) {
      let below = level.get(key) as IdentityTree | undefined;
      if (!below) {
        below = new Map();
        level.set(key, below);
      }
      level = below;
    }
    let identity = level.get(row.outputPerMTok) as IdentityTemplates | undefined;
    if (!identity) {
      identity = this.newIdentity(row);
      level.set(row.outputPerMTok, identity);
    }
    return identity;
  }

  private newIdentity(row: DailyPricedUsage): IdentityTemplates {
    if (!isEntryPriced(row))
      return {
        listPrices: null,
        paidPrices: null,
        listPriceNumbers: null,
        paidPriceNumbers: null,
        unitPriceText: null,
        safeTokens: 0n,
        lines: [],
      };
    const rates = cachedEntryClassRates(row, this.ratesCache);
    const listPrices = TOKEN_CLASSES.map((c) => rates.prices[c]);
    const paidPrices = TOKEN_CLASSES.map((c) => rates.paidPrices[c]);
    const unitPriceText = listPrices.flatMap((price) => {
      const start = this.arena.size;
      this.arena.writeScaled(price, PICO);
      return [start, this.arena.size];
    });
    const samePaid = paidPrices.every((price, k) => price === listPrices[k]);
    const highest = [...listPrices, ...paidPrices].reduce((a, b) => (b > a ? b : a), 1n);
    return {
      listPrices,
      paidPrices: samePaid ? listPrices : paidPrices,
      listPriceNumbers: listPrices.map(Number),
      paidPriceNumbers: paidPrices.map(Number),
      unitPriceText,
      safeTokens: MAX_SAFE / (highest * BigInt(CLASS_COUNT)),
      lines: [],
    };
  }

  private datesOf(day: string): DayDates {
    if (this.dates?.day === day) return this.dates;
    const columns = dailyUsageColumns(day);
    const text = (value: string): [number, number] => {
      const start = this.arena.size;
      this.arena.writeText(value);
      return [start, this.arena.size];
    };
    this.dates = {
      day,
      billingPeriodEnd: text(columns.BillingPeriodEnd),
      billingPeriodStart: text(columns.BillingPeriodStart),
      chargePeriodEnd: text(columns.ChargePeriodEnd),
      chargePeriodStart: text(columns.ChargePeriodStart),
    };
    return this.dates;
  }
}

/**
 * A stored cost in 10^-12 USD as an exact number, as picoFromDecimal reads it, when it is a plain
 * decimal under 9,007 USD (the product stays below 2^53); NaN for anything else (picoFromDecimal's turn).
 */
function picoNumber(text: string): number {
  let i = text.charCodeAt(0) === MINUS ? 1 : 0;
  const negative = i === 1;
  let whole = 0;
  const wholeFrom = i;
  for (; i < text.length; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) break;
    whole = whole * 10 + digit;
  }
  if (i === wholeFrom || i - wholeFrom > 4 || whole > 9006) return Number.NaN;
  let fraction = 0;
  let places = 0;
  if (i < text.length) {
    if (text.charCodeAt(i) !== DOT || i === text.length - 1) return Number.NaN;
    for (i++; i < text.length; i++) {
      const digit = text.charCodeAt(i) - ZERO;
      if (digit < 0 || digit > 9) return Number.NaN;
      // Digits past the 12th are cut, as picoFromDecimal does.
      if (places < PICO) {
        fraction = fraction * 10 + digit;
        places++;
      }
    }
  }
  const value = whole * 1e12 + fraction * 10 ** (PICO - places);
  return negative ? -value : value;
}
