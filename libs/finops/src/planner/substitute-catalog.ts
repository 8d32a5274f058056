// Which open-weight models can stand in for an API model, with the public evidence for how close
// they come. No tier is guessed from a model's name: an API model the catalog does not list has no
// substitute until the organization adds one (overrides replace an API model's entry whole).
// Reasoning models map to reasoning models. Each score is a published figure with its own source,
// address and date (the vendors' own pages or model cards, on a benchmark both sides report), so a
// reader can check every number; a substitute with no pair of published scores on a common
// benchmark carries no evidence rather than an invented one. Scores say how far apart the models
// are on that benchmark, not on the team's traffic, which is why every migration asks for an
// evaluation on the team's own traffic.
import type { Precision } from '../catalogs/precision';

/** One published score: the figure, where it was published and when. */
export interface PublishedScore {
  score: number;
  source: string;
  url: string;
  date: string;
}

export interface BenchmarkScore {
  benchmark: string;
  /** The API model's score and the substitute's, each with its own source (percent). */
  api: PublishedScore;
  open: PublishedScore;
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

const published = (score: number, source: string, url: string, date: string): PublishedScore => ({
  score,
  source,
  url,
  date,
});

// The published figures, one source each (checked against the pages named).
const LLAMA_31_CARD = [
  'Meta, Llama 3.1 model card, instruction tuned models',
  'https://github.com/meta-llama/llama-models/blob/main/models/llama3_1/MODEL_CARD.md',
  '2024-07-23',
] as const;
const LLAMA_33_CARD = [
  'Meta, Llama 3.3 model card, instruction tuned models (Llama 3.1 70B Instruct column)',
  'https://github.com/meta-llama/llama-models/blob/main/models/llama3_3/MODEL_CARD.md',
  '2024-12-06',
] as const;
const HELLO_GPT4O = [
  'OpenAI, "Hello GPT-4o" (text evaluation)',
  'https://openai.com/index/hello-gpt-4o/',
  '2024-05-13',
] as const;
const GPT4O_MINI = [
  'OpenAI, "GPT-4o mini: advancing cost-efficient intelligence"',
  'https://openai.com/index/gpt-4o-mini-advancing-cost-efficient-intelligence/',
  '2024-07-18',
] as const;
const DEEPSEEK_V3 = [
  'DeepSeek-V3 Technical Report, table 6 (GPT-4o-0513 column and DeepSeek-V3)',
  'https://arxiv.org/abs/2412.19437',
  '2024-12-27',
] as const;
const CLAUDE_35 = [
  'Anthropic, "Introducing computer use, a new Claude 3.5 Sonnet, and Claude 3.5 Haiku"',
  'https://www.anthropic.com/news/3-5-models-and-computer-use',
  '2024-10-22',
] as const;
const QWEN3_30B_THINKING_2507 = [
  'Qwen, Qwen3-30B-A3B-Thinking-2507 model card (Gemini2.5-Flash-Thinking and Qwen3-30B-A3B Thinking columns)',
  'https://huggingface.co/Qwen/Qwen3-30B-A3B-Thinking-2507',
  '2025-07-30',
] as const;
const QWEN3 = [
  'Qwen, "Qwen3: Think Deeper, Act Faster" (Qwen3-235B-A22B, thinking)',
  'https://qwenlm.github.io/blog/qwen3/',
  '2025-04-29',
] as const;
const GPT5 = [
  'OpenAI, "Introducing GPT-5" (no tools)',
  'https://openai.com/index/introducing-gpt-5/',
  '2025-08-07',
] as const;
const GEMINI_25_PRO = [
  'Google, "Gemini 2.5: Our most intelligent AI model"',
  'https://blog.google/technology/google-deepmind/gemini-model-thinking-updates-march-2025/',
  '2025-03-25',
] as const;

const LLAMA_TOKENS = 'Llama 3 tokenizer (128k vocabulary) against o200k/Claude tokenizers: about 10% more tokens';
const QWEN_FOR_CLAUDE = 'thinking mode adds reasoning tokens; the Claude tokenizer counts about 10% more than Qwen';
const SAME_WEIGHTS = 'the same weights: same tokenizer and reasoning length';

const llama70b = (evidence: BenchmarkScore[]): SubstituteModel => ({
  model: 'llama-3.1-70b',
  precision: 'fp8',
  parametersB: 70,
  reasoning: false,
  contextTokens: 128_000,
  toolUse: true,
  expectedTokenRatio: 1.1,
  tokenRatioBasis: LLAMA_TOKENS,
  evidence,
});

const deepseekV3 = (
  expectedTokenRatio: number,
  tokenRatioBasis: string,
  evidence: BenchmarkScore[],
): SubstituteModel => ({
  model: 'deepseek-v3',
  precision: 'fp8',
  parametersB: 671,
  reasoning: false,
  contextTokens: 128_000,
  toolUse: true,
  expectedTokenRatio,
  tokenRatioBasis,
  evidence,
});

const qwen235Thinking = (evidence: BenchmarkScore[], expectedTokenRatio = 1.3, tokenRatioBasis?: string) => ({
  model: 'qwen3-235b-a22b',
  precision: 'fp8' as Precision,
  parametersB: 235,
  reasoning: true,
  contextTokens: 128_000,
  toolUse: true,
  expectedTokenRatio,
  tokenRatioBasis:
    tokenRatioBasis ?? 'thinking mode writes longer reasoning than the API model; Qwen tokenizer close to o200k',
  evidence,
});

/**
 * Llama 3.1 70B's GPQA Diamond (0-shot, CoT), as Meta published it with Llama 3.3, against an API model's
 * published GPQA Diamond. The Llama 3.1 card's 46.7 is GPQA's main set (its eval details say so), another
 * benchmark: quoted against Diamond figures it put every Llama gap 1.3 points too low.
 */
const gpqaAgainstLlama70b = (api: PublishedScore): BenchmarkScore[] => [
  { benchmark: 'GPQA Diamond', api, open: published(48.0, ...LLAMA_33_CARD) },
];

export const DEFAULT_SUBSTITUTE_CATALOG: readonly SubstituteEntry[] = [
  {
    provider: 'openai',
    apiModels: ['gpt-4o'],
    reasoning: false,
    contextTokens: 128_000,
    substitutes: [
      deepseekV3(1.05, 'DeepSeek tokenizer (128k vocabulary): about 5% more tokens than o200k', [
        { benchmark: 'GPQA Diamond', api: published(49.9, ...DEEPSEEK_V3), open: published(59.1, ...DEEPSEEK_V3) },
      ]),
      llama70b(gpqaAgainstLlama70b(published(53.6, ...HELLO_GPT4O))),
    ],
  },
  {
    provider: 'openai',
    apiModels: ['gpt-4o-mini'],
    reasoning: false,
    contextTokens: 128_000,
    substitutes: [
      llama70b([{ benchmark: 'MMLU', api: published(82.0, ...GPT4O_MINI), open: published(86.0, ...LLAMA_31_CARD) }]),
      {
        model: 'llama-3.1-8b',
        precision: 'fp16',
        parametersB: 8,
        reasoning: false,
        contextTokens: 128_000,
        toolUse: true,
        expectedTokenRatio: 1.1,
        tokenRatioBasis: LLAMA_TOKENS,
        evidence: [{ benchmark: 'MMLU', api: published(82.0, ...GPT4O_MINI), open: published(73.0, ...LLAMA_31_CARD) }],
      },
    ],
  },
  // OpenAI's o-series and gpt-5-mini: no pair of published scores on a benchmark Qwen3 also reports
  // was found, so the mapping stands without a figure; evaluate on the team's own traffic.
  {
    provider: 'openai',
    apiModels: ['o3-mini'],
    reasoning: true,
    contextTokens: 200_000,
    substitutes: [qwen235Thinking([])],
  },
  {
    provider: 'openai',
    apiModels: ['o4-mini'],
    reasoning: true,
    contextTokens: 200_000,
    substitutes: [qwen235Thinking([])],
  },
  {
    provider: 'openai',
    apiModels: ['o3'],
    reasoning: true,
    contextTokens: 200_000,
    substitutes: [qwen235Thinking([])],
  },
  {
    provider: 'openai',
    apiModels: ['gpt-5'],
    reasoning: true,
    contextTokens: 400_000,
    substitutes: [
      qwen235Thinking([{ benchmark: 'AIME 2025', api: published(94.6, ...GPT5), open: published(81.5, ...QWEN3) }]),
    ],
  },
  {
    provider: 'openai',
    apiModels: ['gpt-5-mini'],
    reasoning: true,
    contextTokens: 400_000,
    substitutes: [qwen235Thinking([])],
  },
  {
    provider: 'deepseek',
    apiModels: ['deepseek-v3', 'deepseek-chat'],
    reasoning: false,
    contextTokens: 128_000,
    substitutes: [
      deepseekV3(1, SAME_WEIGHTS, [
        {
          benchmark: 'GPQA Diamond (same open weights)',
          api: published(59.1, ...DEEPSEEK_V3),
          open: published(59.1, ...DEEPSEEK_V3),
        },
      ]),
    ],
  },
  {
    provider: 'qwen',
    apiModels: ['qwen3-235b-a22b', 'qwen3-235b'],
    reasoning: true,
    contextTokens: 128_000,
    substitutes: [
      qwen235Thinking(
        [
          {
            benchmark: 'AIME 2024 (same open weights)',
            api: published(85.7, ...QWEN3),
            open: published(85.7, ...QWEN3),
          },
        ],
        1,
        SAME_WEIGHTS,
      ),
    ],
  },
  {
    provider: 'anthropic',
    apiModels: ['claude-3-5-sonnet'],
    reasoning: false,
    contextTokens: 200_000,
    substitutes: [
      qwen235Thinking([], 1.2, QWEN_FOR_CLAUDE),
      llama70b(gpqaAgainstLlama70b(published(65.0, ...CLAUDE_35))),
    ],
  },
  {
    provider: 'anthropic',
    apiModels: ['claude-sonnet-4'],
    reasoning: false,
    contextTokens: 200_000,
    substitutes: [qwen235Thinking([], 1.2, QWEN_FOR_CLAUDE)],
  },
  {
    provider: 'anthropic',
    apiModels: ['claude-3-5-haiku'],
    reasoning: false,
    contextTokens: 200_000,
    substitutes: [llama70b(gpqaAgainstLlama70b(published(41.6, ...CLAUDE_35)))],
  },
  {
    provider: 'google',
    apiModels: ['gemini-2.5-pro'],
    reasoning: true,
    contextTokens: 1_000_000,
    substitutes: [
      qwen235Thinking([
        { benchmark: 'AIME 2025', api: published(86.7, ...GEMINI_25_PRO), open: published(81.5, ...QWEN3) },
      ]),
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
        // Both columns of one table (Qwen's), as DeepSeek-V3's report is for gpt-4o: the same benchmark run.
        evidence: [
          {
            benchmark: 'GPQA',
            api: published(82.8, ...QWEN3_30B_THINKING_2507),
            open: published(65.8, ...QWEN3_30B_THINKING_2507),
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

/** "GPQA Diamond 48.0 against 53.6 for gpt-4o (5.6 points lower; Meta, …, 2024-12-06; OpenAI, …, 2024-05-13)". */
export function qualityGapText(apiModel: string, s: SubstituteModel): string {
  const e = s.evidence[0];
  if (!e) {
    return (
      `no published benchmark score pair compares ${s.model} with ${apiModel}: the gap is unknown ` +
      `until it is measured on the team's own traffic`
    );
  }
  const diff = Math.round((e.open.score - e.api.score) * 10) / 10;
  const direction = diff < 0 ? `${-diff} points lower` : diff > 0 ? `${diff} points higher` : 'equal';
  return (
    `${e.benchmark} ${scoreText(e.open.score)} against ${scoreText(e.api.score)} for ${apiModel} (${direction}; ` +
    `${scoreSource(e.open)}; ${scoreSource(e.api)})`
  );
}

/** A percentage score as published, to one decimal ("48.0", not "48"); a rating (CFEval's 1995) as it is. */
function scoreText(score: number): string {
  return score < 100 ? score.toFixed(1) : String(score);
}

/** "Meta, Llama 3.1 model card, 2024-07-23 <https://…>". */
export function scoreSource(p: PublishedScore): string {
  return `${p.source}, ${p.date} <${p.url}>`;
}

/** Every source a substitute's evidence cites, once each, for the `source` field of a recommendation. */
export function substituteSources(s: SubstituteModel): string {
  const all = s.evidence.flatMap((e) => [scoreSource(e.open), scoreSource(e.api)]);
  return all.length === 0 ? 'no published benchmark comparison' : [...new Set(all)].join('; ');
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
