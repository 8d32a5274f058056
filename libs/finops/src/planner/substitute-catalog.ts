// Which open-weight models can stand in for an API model, with the public evidence for how close
// they come. No tier is guessed from a model's name: an API model the catalog does not list has no
// substitute until the organization adds one (overrides replace an API model's entry whole).
// Reasoning models map to reasoning models. Scores are the vendors' own published figures on a
// benchmark both sides report (GPQA Diamond, or MMLU where GPQA is missing), with page and date,
// so a reader can check them; they say how far apart the models are on that benchmark, not on the
// team's traffic, which is why every migration asks for an evaluation on the team's own traffic.
import type { Precision } from '../catalogs/precision';

export interface BenchmarkScore {
  benchmark: string;
  /** Score of the API model and of the substitute, in the benchmark's own unit (percent). */
  apiScore: number;
  openScore: number;
  /** Where each score was published, and when. */
  source: string;
  date: string;
}

export interface SubstituteModel {
  /** Open-model catalog id (sizing, throughput). */
  model: string;
  precision: Precision;
  parametersB: number;
  reasoning: boolean;
  contextTokens: number;
  toolUse: boolean;
  /** Tokens the substitute produces for the same work, per API token (tokenizer and reasoning length). */
  expectedTokenRatio: number;
  tokenRatioBasis: string;
  evidence: BenchmarkScore[];
}

export interface SubstituteEntry {
  /** The API's provider id, for the reference price of a deployment serving a substitute. */
  provider: string;
  /** API model ids this entry covers (dated snapshots and provider prefixes are normalized away). */
  apiModels: string[];
  reasoning: boolean;
  contextTokens: number;
  substitutes: SubstituteModel[];
}

const META_LLAMA_31 = 'Meta, "Introducing Llama 3.1" model card benchmarks';
const OPENAI_GPT4O = 'OpenAI, "Hello GPT-4o" (simple-evals)';
const LLAMA_TOKENS = 'Llama 3 tokenizer (128k vocabulary) against o200k/Claude tokenizers: about 10% more tokens';
const O3_O4_MINI = 'OpenAI, "Introducing OpenAI o3 and o4-mini" (no tools)';
const CLAUDE_35_SONNET = 'Anthropic, "Claude 3.5 Sonnet" (upgraded, 2024-10-22)';
const QWEN_FOR_CLAUDE = 'thinking mode adds reasoning tokens; the Claude tokenizer counts about 10% more than Qwen';
const SAME_WEIGHTS = 'the same weights: same tokenizer and reasoning length';

const llama70b = (apiScore: number, source: string, date: string): SubstituteModel => ({
  model: 'llama-3.1-70b',
  precision: 'fp8',
  parametersB: 70,
  reasoning: false,
  contextTokens: 128_000,
  toolUse: true,
  expectedTokenRatio: 1.1,
  tokenRatioBasis: LLAMA_TOKENS,
  evidence: [{ benchmark: 'GPQA Diamond', apiScore, openScore: 46.7, source: `${source}; ${META_LLAMA_31}`, date }],
});

const qwen235Thinking = (apiScore: number, benchmark: string, openScore: number, source: string, date: string) => ({
  model: 'qwen3-235b-a22b',
  precision: 'fp8' as Precision,
  parametersB: 235,
  reasoning: true,
  contextTokens: 128_000,
  toolUse: true,
  expectedTokenRatio: 1.3,
  tokenRatioBasis: 'thinking mode writes longer reasoning than the API model; Qwen tokenizer close to o200k',
  evidence: [{ benchmark, apiScore, openScore, source: `${source}; Qwen, "Qwen3: Think Deeper, Act Faster"`, date }],
});

export const DEFAULT_SUBSTITUTE_CATALOG: readonly SubstituteEntry[] = [
  {
    provider: 'openai',
    apiModels: ['gpt-4o'],
    reasoning: false,
    contextTokens: 128_000,
    substitutes: [
      {
        model: 'deepseek-v3',
        precision: 'fp8',
        parametersB: 671,
        reasoning: false,
        contextTokens: 128_000,
        toolUse: true,
        expectedTokenRatio: 1.05,
        tokenRatioBasis: 'DeepSeek tokenizer (128k vocabulary): about 5% more tokens than o200k',
        evidence: [
          {
            benchmark: 'GPQA Diamond',
            apiScore: 49.9,
            openScore: 59.1,
            source: 'DeepSeek-V3 Technical Report, table 6 (GPT-4o-0513 column)',
            date: '2024-12-27',
          },
        ],
      },
      llama70b(53.6, OPENAI_GPT4O, '2024-05-13 / 2024-07-23'),
    ],
  },
  {
    provider: 'openai',
    apiModels: ['gpt-4o-mini'],
    reasoning: false,
    contextTokens: 128_000,
    substitutes: [
      {
        model: 'llama-3.1-70b',
        precision: 'fp8',
        parametersB: 70,
        reasoning: false,
        contextTokens: 128_000,
        toolUse: true,
        expectedTokenRatio: 1.1,
        tokenRatioBasis: LLAMA_TOKENS,
        evidence: [
          {
            benchmark: 'MMLU',
            apiScore: 82.0,
            openScore: 86.0,
            source: `OpenAI, "GPT-4o mini: advancing cost-efficient intelligence"; ${META_LLAMA_31}`,
            date: '2024-07-18 / 2024-07-23',
          },
        ],
      },
      {
        model: 'llama-3.1-8b',
        precision: 'fp16',
        parametersB: 8,
        reasoning: false,
        contextTokens: 128_000,
        toolUse: true,
        expectedTokenRatio: 1.1,
        tokenRatioBasis: LLAMA_TOKENS,
        evidence: [
          {
            benchmark: 'MMLU',
            apiScore: 82.0,
            openScore: 73.0,
            source: `OpenAI, "GPT-4o mini: advancing cost-efficient intelligence"; ${META_LLAMA_31}`,
            date: '2024-07-18 / 2024-07-23',
          },
        ],
      },
    ],
  },
  {
    provider: 'openai',
    apiModels: ['o3-mini'],
    reasoning: true,
    contextTokens: 200_000,
    substitutes: [
      qwen235Thinking(87.3, 'AIME 2024', 85.7, 'OpenAI, "OpenAI o3-mini" (high effort)', '2025-01-31 / 2025-04-29'),
    ],
  },
  {
    provider: 'openai',
    apiModels: ['o4-mini'],
    reasoning: true,
    contextTokens: 200_000,
    substitutes: [qwen235Thinking(93.4, 'AIME 2024', 85.7, O3_O4_MINI, '2025-04-16 / 2025-04-29')],
  },
  {
    provider: 'openai',
    apiModels: ['o3'],
    reasoning: true,
    contextTokens: 200_000,
    substitutes: [qwen235Thinking(91.6, 'AIME 2024', 85.7, O3_O4_MINI, '2025-04-16 / 2025-04-29')],
  },
  {
    provider: 'openai',
    apiModels: ['gpt-5'],
    reasoning: true,
    contextTokens: 400_000,
    substitutes: [
      qwen235Thinking(94.6, 'AIME 2025', 81.5, 'OpenAI, "Introducing GPT-5" (no tools)', '2025-08-07 / 2025-04-29'),
    ],
  },
  {
    provider: 'openai',
    apiModels: ['gpt-5-mini'],
    reasoning: true,
    contextTokens: 400_000,
    substitutes: [
      qwen235Thinking(91.1, 'AIME 2025', 81.5, 'OpenAI, "Introducing GPT-5 for developers"', '2025-08-07 / 2025-04-29'),
    ],
  },
  {
    provider: 'deepseek',
    apiModels: ['deepseek-v3', 'deepseek-chat'],
    reasoning: false,
    contextTokens: 128_000,
    substitutes: [
      {
        model: 'deepseek-v3',
        precision: 'fp8',
        parametersB: 671,
        reasoning: false,
        contextTokens: 128_000,
        toolUse: true,
        expectedTokenRatio: 1,
        tokenRatioBasis: SAME_WEIGHTS,
        evidence: [
          {
            benchmark: 'GPQA Diamond',
            apiScore: 59.1,
            openScore: 59.1,
            source: 'DeepSeek-V3 Technical Report (same open weights)',
            date: '2024-12-27',
          },
        ],
      },
    ],
  },
  {
    provider: 'qwen',
    apiModels: ['qwen3-235b-a22b', 'qwen3-235b'],
    reasoning: true,
    contextTokens: 128_000,
    substitutes: [
      {
        ...qwen235Thinking(85.7, 'AIME 2024', 85.7, 'Qwen3 hosted API (same open weights)', '2025-04-29'),
        expectedTokenRatio: 1,
        tokenRatioBasis: SAME_WEIGHTS,
      },
    ],
  },
  {
    provider: 'anthropic',
    apiModels: ['claude-3-5-sonnet'],
    reasoning: false,
    contextTokens: 200_000,
    substitutes: [
      {
        ...qwen235Thinking(65.0, 'GPQA Diamond', 71.1, CLAUDE_35_SONNET, '2024-10-22 / 2025-04-29'),
        expectedTokenRatio: 1.2,
        tokenRatioBasis: QWEN_FOR_CLAUDE,
      },
      llama70b(65.0, CLAUDE_35_SONNET, '2024-10-22 / 2024-07-23'),
    ],
  },
  {
    provider: 'anthropic',
    apiModels: ['claude-sonnet-4'],
    reasoning: false,
    contextTokens: 200_000,
    substitutes: [
      {
        ...qwen235Thinking(75.4, 'GPQA Diamond', 71.1, 'Anthropic, "Introducing Claude 4"', '2025-05-22 / 2025-04-29'),
        expectedTokenRatio: 1.2,
        tokenRatioBasis: QWEN_FOR_CLAUDE,
      },
    ],
  },
  {
    provider: 'anthropic',
    apiModels: ['claude-3-5-haiku'],
    reasoning: false,
    contextTokens: 200_000,
    substitutes: [llama70b(41.6, 'Anthropic, "Claude 3.5 Haiku" model card', '2024-11-04 / 2024-07-23')],
  },
  {
    provider: 'google',
    apiModels: ['gemini-2.5-pro'],
    reasoning: true,
    contextTokens: 1_000_000,
    substitutes: [
      qwen235Thinking(84.0, 'GPQA Diamond', 71.1, 'Google, "Gemini 2.5: Our most intelligent AI model"', '2025-03-25'),
    ],
  },
  {
    provider: 'google',
    apiModels: ['gemini-2.5-flash'],
    reasoning: true,
    contextTokens: 1_000_000,
    substitutes: [
      {
        model: 'qwen3-30b-a3b',
        precision: 'fp16',
        parametersB: 30,
        reasoning: true,
        contextTokens: 128_000,
        toolUse: true,
        expectedTokenRatio: 1.2,
        tokenRatioBasis: 'thinking mode writes longer reasoning than Flash with a thinking budget',
        evidence: [
          {
            benchmark: 'GPQA Diamond',
            apiScore: 78.3,
            openScore: 65.8,
            source: 'Google, "Start building with Gemini 2.5 Flash"; Qwen, "Qwen3: Think Deeper, Act Faster"',
            date: '2025-04-17 / 2025-04-29',
          },
        ],
      },
    ],
  },
];

/**
 * The catalog's key for a usage model id: provider prefixes (`anthropic.`, `us.`), dated snapshots
 * (`-20250514`, `-2024-05-13`), Bedrock versions (`-v1:0`) and `-latest` are not part of the model.
 */
export function substituteKey(apiModel: string): string {
  return apiModel
    .toLowerCase()
    .replace(/^(?:[a-z]{2}\.|regional\.|global\.)?(?:anthropic|openai|meta|google|mistral|amazon|deepseek|qwen)\./, '')
    .replace(/^(?:models\/)/, '')
    .replace(/-v\d+(?::\d+)?$/, '')
    .replace(/-(?:\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '');
}

/** The organization's catalog: its entries replace the defaults for the API models they name. */
export function resolveSubstituteCatalog(overrides: readonly SubstituteEntry[] = []): SubstituteEntry[] {
  const overridden = new Set(overrides.flatMap((e) => e.apiModels.map(substituteKey)));
  const defaults = DEFAULT_SUBSTITUTE_CATALOG.map((e) => ({
    ...e,
    apiModels: e.apiModels.filter((m) => !overridden.has(substituteKey(m))),
  })).filter((e) => e.apiModels.length > 0);
  return [...overrides, ...defaults];
}

export function substituteEntryFor(
  apiModel: string,
  catalog: readonly SubstituteEntry[] = DEFAULT_SUBSTITUTE_CATALOG,
): SubstituteEntry | null {
  const key = substituteKey(apiModel);
  return catalog.find((e) => e.apiModels.some((m) => substituteKey(m) === key)) ?? null;
}

/** The first listed substitute (the catalog orders them best first); null when none is listed. */
export function primarySubstitute(
  apiModel: string,
  catalog: readonly SubstituteEntry[] = DEFAULT_SUBSTITUTE_CATALOG,
): SubstituteModel | null {
  return substituteEntryFor(apiModel, catalog)?.substitutes[0] ?? null;
}

/** "GPQA Diamond 46.7 against 53.6 for gpt-4o (6.9 points lower; source, date)". */
export function qualityGapText(apiModel: string, s: SubstituteModel): string {
  const e = s.evidence[0];
  if (!e) return `no published benchmark compares ${s.model} with ${apiModel}`;
  const diff = Math.round((e.openScore - e.apiScore) * 10) / 10;
  const direction = diff < 0 ? `${-diff} points lower` : diff > 0 ? `${diff} points higher` : 'equal';
  return (
    `${e.benchmark} ${e.openScore} against ${e.apiScore} for ${apiModel} (${direction}; ` + `${e.source}, ${e.date})`
  );
}

/** The API model an open model stands in for first: the reference price for a deployment serving it. */
export function apiModelSubstitutedBy(
  openModel: string,
  catalog: readonly SubstituteEntry[] = DEFAULT_SUBSTITUTE_CATALOG,
): { provider: string; model: string } | null {
  const key = openModel.toLowerCase().split('@')[0];
  for (const entry of catalog) {
    if (entry.substitutes.some((s) => key === s.model || key.startsWith(`${s.model}-`))) {
      return { provider: entry.provider, model: entry.apiModels[0] };
    }
  }
  return null;
}
