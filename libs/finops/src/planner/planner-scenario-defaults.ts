// `tokenmeter breakeven` fills what a scenario leaves out with the planner's own assumptions, so a
// hand-written scenario and the nightly planner price the same deployment the same way. Per-GPU
// figures (other capex, hosting) scale with the scenario's GPU count; maintenance is the planner's
// yearly share of that capex. A field the scenario gives is never touched.
import { resolveCatalogs } from '../catalogs/resolve-catalogs';
import { PlannerAssumptions, personnelUsdPerMonth } from './planner-assumptions';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The scenario with the planner's defaults for every missing figure; non-objects pass through unchanged. */
export function withPlannerDefaults(input: unknown, a: PlannerAssumptions): unknown {
  if (!isObject(input)) return input;
  if (input.selfHosted !== undefined && !isObject(input.selfHosted)) return input;
  const given: Json = isObject(input.selfHosted) ? input.selfHosted : {};
  const gpuCount = typeof given.gpuCount === 'number' && given.gpuCount > 0 ? given.gpuCount : 1;
  const catalogGpu = typeof given.gpu === 'string' ? resolveCatalogs().gpus.find((g) => g.id === given.gpu) : undefined;
  const unitPrice = typeof given.gpuUnitPriceUsd === 'number' ? given.gpuUnitPriceUsd : catalogGpu?.unitPriceUsd;
  const otherCapex = typeof given.otherCapexUsd === 'number' ? given.otherCapexUsd : gpuCount * a.otherCapexUsdPerGpu;
  const defaults: Json = {
    hoursPerMonth: a.hoursPerMonth,
    pue: a.pue,
    electricityUsdPerKwh: a.electricityUsdPerKwh,
    otherCapexUsd: otherCapex,
    hostingUsdPerMonth: gpuCount * a.hostingUsdPerGpuMonth,
    personnelUsdPerMonth: personnelUsdPerMonth(a, gpuCount),
    amortizationMonths: a.amortizationMonths,
  };
  if (unitPrice !== undefined) {
    defaults.maintenanceUsdPerMonth = ((gpuCount * unitPrice + otherCapex) * a.maintenanceShareOfCapexPerYear) / 12;
  }
  const selfHosted: Json = { ...defaults };
  for (const [key, value] of Object.entries(given)) if (value !== undefined) selfHosted[key] = value;
  return {
    ...input,
    selfHosted,
    targetBreakEvenMonths: input.targetBreakEvenMonths ?? a.targetBreakEvenMonths,
  };
}
