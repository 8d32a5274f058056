// The fields a reader (CLI, API, pages) gets for a workload recommendation, the same whether it was
// planned tonight or asked for with `tokenmeter recommend`: the decision, the band, the forecast,
// the substitute and its quality gap, the option, the money (a premium said as a premium), the
// confidence, what would flip it, the reproducible scenario, the words.
import { savingsText, twelveMonthsText } from './workload-rationale';

export interface RecommendationSummary {
  kind: string;
  volumeBand: string | null;
  forecastTokensPerMonth: { low: number; mid: number; high: number } | null;
  substitute: { model: string; parametersB: number; reasoning: boolean; qualityGap: string; source: string } | null;
  option: string | null;
  breakEvenMonths: number | null;
  monthlySavingsUsd: number | null;
  /** "saves $1,030 a month against the API" or "costs $1,030 a month more than the API". */
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
    monthlySavingsUsd: (n.monthlySavingsUsd as number | null | undefined) ?? null,
    money: typeof n.monthlySavingsUsd === 'number' ? savingsText(n.monthlySavingsUsd) : null,
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
