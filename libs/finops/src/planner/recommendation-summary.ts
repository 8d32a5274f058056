// The fields a reader (CLI, API, pages) gets for a workload recommendation, the same whether it was
// planned tonight or asked for with `tokenmeter recommend`: the decision, the band, the forecast,
// the substitute and its quality gap, the option, the money (a premium said as a premium), the
// confidence, what would flip it, the reproducible scenario, the words.
import { deploymentSavingsText, savingsText, twelveMonthsText } from './workload-rationale';

export interface RecommendationSummary {
  kind: string;
  volumeBand: string | null;
  forecastTokensPerMonth: { low: number; mid: number; high: number } | null;
  substitute: { model: string; parametersB: number; reasoning: boolean; qualityGap: string; source: string } | null;
  option: string | null;
  breakEvenMonths: number | null;
  monthlySavingsUsd: number | null;
  /**
   * "saves $1,030 a month against the API" or "costs $1,030 a month more than the API"; a deployment's: "saves
   * $1,842.17 a month against running the deployment as it is".
   */
  money: string | null;
  /** "over 12 months $32,231 saved in cash, each month at its conservative forecast". */
  twelveMonths: string | null;
  /** The forecast's confidence (high, medium, low). */
  confidence: string | null;
  whatWouldFlip: string | null;
  scenario: unknown;
  rationale: string;
}

export function recommendationSummary(rec: {
  kind: string;
  rationale: string;
  inputs: Record<string, unknown>;
  numbers: Record<string, unknown>;
}): RecommendationSummary {
  const n = rec.numbers;
  const s = n.substitute as Record<string, unknown> | null | undefined;
  // A deployment's recommendation (rightsize, move to the API, fix idle GPUs) saves against the deployment as
  // it runs, stored as savingsUsdPerMonth; a workload's against the API.
  const deploymentSaving = typeof n.savingsUsdPerMonth === 'number' ? n.savingsUsdPerMonth : null;
  return {
    kind: rec.kind,
    volumeBand: (n.volumeBand as string | undefined) ?? null,
    forecastTokensPerMonth: (n.forecastTokensPerMonth as RecommendationSummary['forecastTokensPerMonth']) ?? null,
    substitute: s
      ? {
          model: s.model as string,
          parametersB: s.parametersB as number,
          reasoning: s.reasoning as boolean,
          qualityGap: s.qualityGap as string,
          source: s.source as string,
        }
      : null,
    option: (n.option as string | undefined) ?? null,
    breakEvenMonths: (n.breakEvenMonths as number | null | undefined) ?? null,
    monthlySavingsUsd: (n.monthlySavingsUsd as number | null | undefined) ?? deploymentSaving,
    money:
      typeof n.monthlySavingsUsd === 'number'
        ? savingsText(n.monthlySavingsUsd)
        : deploymentSaving === null
          ? null
          : deploymentSavingsText(deploymentSaving),
    twelveMonths:
      typeof n.savings12mUsd === 'number'
        ? twelveMonthsText(n.savings12mUsd, typeof n.capexUsd === 'number' ? n.capexUsd : null)
        : null,
    confidence:
      (n.confidence as string | undefined) ??
      (rec.inputs.forecast as { confidence?: string } | undefined)?.confidence ??
      null,
    whatWouldFlip: (n.whatWouldFlip as string | null | undefined) ?? null,
    scenario: rec.inputs.scenario ?? null,
    rationale: rec.rationale,
  };
}
