// Cloud GPU rental prices per GPU-hour, by commitment. Every price carries its source and the date
// it was read: rental prices move every quarter, so an undated price is not evidence. Commitment
// prices few providers publish per GPU are derived from the on-demand price and marked estimates.
import type { FigureSources } from './figure-source';
import type { CatalogShape } from './merge-catalog';

export type RentalTerm = 'on-demand' | 'reserved-1y' | 'reserved-3y' | 'spot';

export const RENTAL_TERMS: readonly RentalTerm[] = ['on-demand', 'reserved-1y', 'reserved-3y', 'spot'];

export interface GpuRentalPrice {
  /** `gpu/term`, e.g. `h100-80gb/on-demand`. */
  id: string;
  gpuId: string;
  term: RentalTerm;
  usdPerGpuHour: number;
  /** Day the price was read (YYYY-MM-DD). */
  asOf: string;
  /** Reserved terms are paid for every hour of the month, used or not; on-demand and spot by the hour. */
  billedEveryHour: boolean;
  /** Spot capacity can be taken back at short notice: fine for batch, not for a latency target. */
  interruptible: boolean;
  sources: FigureSources<'usdPerGpuHour'>;
}

export const GPU_RENTAL_CATALOG_SHAPE: CatalogShape<GpuRentalPrice> = {
  name: 'gpuRental',
  requiredFields: ['id', 'gpuId', 'term', 'usdPerGpuHour', 'asOf', 'billedEveryHour', 'interruptible'],
  figureFields: ['usdPerGpuHour'],
};

// Discounts applied to the on-demand price where no per-GPU commitment price is published.
const RESERVED_1Y_SHARE = 0.65;
const RESERVED_3Y_SHARE = 0.45;
const SPOT_SHARE = 0.4;
const COMMITMENT_SOURCE =
  'estimate: on-demand price × {share}; AWS EC2 Savings Plans publish up to 72% off on-demand for 3 years, ' +
  'GPU instances typically 30–40% off for 1 year and 50–60% for 3 years';
const SPOT_SOURCE =
  'estimate: on-demand price × 0.4; AWS, GCP and Azure spot GPU capacity typically trades at 60–70% off on-demand';

function family(gpuId: string, onDemand: number, asOf: string, source: string, estimate: boolean): GpuRentalPrice[] {
  const entry = (term: RentalTerm, price: number, src: string, est: boolean): GpuRentalPrice => ({
    id: `${gpuId}/${term}`,
    gpuId,
    term,
    usdPerGpuHour: Math.round(price * 1000) / 1000,
    asOf,
    billedEveryHour: term === 'reserved-1y' || term === 'reserved-3y',
    interruptible: term === 'spot',
    sources: { usdPerGpuHour: est ? { source: src, estimate: true } : { source: src } },
  });
  return [
    entry('on-demand', onDemand, source, estimate),
    entry('reserved-1y', onDemand * RESERVED_1Y_SHARE, COMMITMENT_SOURCE.replace('{share}', '0.65'), true),
    entry('reserved-3y', onDemand * RESERVED_3Y_SHARE, COMMITMENT_SOURCE.replace('{share}', '0.45'), true),
    entry('spot', onDemand * SPOT_SHARE, SPOT_SOURCE, true),
  ];
}

export const GPU_RENTAL_CATALOG: readonly GpuRentalPrice[] = [
  ...family('a100-40gb', 1.29, '2025-06-01', 'Lambda Cloud on-demand pricing page, 1× A100 40GB SXM4', false),
  ...family('a100-80gb', 1.79, '2025-06-01', 'Lambda Cloud on-demand pricing page, 8× A100 80GB SXM4 per GPU', false),
  ...family('h100-80gb', 2.99, '2025-06-01', 'Lambda Cloud on-demand pricing page, 8× H100 SXM per GPU', false),
  ...family('h200-141gb', 3.79, '2025-06-01', 'estimate: typical neocloud on-demand H200 SXM price, mid-2025', true),
  ...family('l40s-48gb', 0.86, '2025-06-01', 'estimate: typical on-demand L40S price (RunPod secure cloud)', true),
  ...family('rtx-4090-24gb', 0.34, '2025-06-01', 'estimate: typical community-cloud RTX 4090 price (RunPod)', true),
  ...family('rtx-5090-32gb', 0.69, '2025-06-01', 'estimate: typical community-cloud RTX 5090 price (RunPod)', true),
];

/** Monthly rent of `gpuCount` GPUs: reserved terms bill every hour of the month, others the scheduled hours. */
export function monthlyRentUsd(
  price: Pick<GpuRentalPrice, 'usdPerGpuHour' | 'billedEveryHour'>,
  gpuCount: number,
  scheduledHoursPerMonth: number,
  hoursInMonth = 730,
): number {
  return price.usdPerGpuHour * gpuCount * (price.billedEveryHour ? hoursInMonth : scheduledHoursPerMonth);
}
