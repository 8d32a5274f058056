import { describe, expect, it } from 'vitest';
import { DEFAULT_SUBSTITUTE_CATALOG, resolveSubstituteCatalog, substituteEntryFor } from './substitute-catalog';
import {
  parseSubstituteOverride,
  withoutSubstituteOverride,
  withSubstituteOverride,
} from './substitute-catalog-override';
import { teamProfileUpdateSchema } from './team-profile-update';

const score = (s: number) => ({
  score: s,
  source: 'vendor page',
  url: 'https://example.org/scores',
  date: '2025-01-02',
});
const qwen30 = {
  model: 'qwen3-30b-a3b',
  precision: 'fp16',
  parametersB: 30,
  reasoning: true,
  contextTokens: 128_000,
  toolUse: true,
  expectedTokenRatio: 1.2,
  tokenRatioBasis: 'longer reasoning',
  evidence: [{ benchmark: 'AIME 2025', api: score(80), open: score(70) }],
};
const body = { provider: 'openai', reasoning: true, contextTokens: 200_000, substitutes: [qwen30] };

describe('the bundled substitute catalog', () => {
  it('maps reasoning models to reasoning ones and gives every figure its own source, address and date', () => {
    for (const entry of DEFAULT_SUBSTITUTE_CATALOG) {
      for (const s of entry.substitutes) {
        if (entry.reasoning) expect(s.reasoning, `${entry.apiModels[0]} → ${s.model}`).toBe(true);
        for (const e of s.evidence) {
          for (const figure of [e.api, e.open]) {
            expect(figure.source.length, `${entry.apiModels[0]} ${e.benchmark}`).toBeGreaterThan(5);
            expect(figure.url).toMatch(/^https:\/\/\S+$/);
            expect(figure.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
            expect(figure.score).toBeGreaterThan(0);
          }
        }
      }
    }
  });
});

describe('an organization substitute entry', () => {
  it('is accepted with its evidence and covers the path model and its aliases', () => {
    const r = parseSubstituteOverride('o4-mini', { ...body, aliases: ['o4-mini-2025-04-16'] });
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.entry.apiModels).toEqual(['o4-mini', 'o4-mini-2025-04-16']);
  });

  it('names every bad field', () => {
    const r = parseSubstituteOverride('o4-mini', {
      provider: '',
      reasoning: true,
      contextTokens: 200_000,
      substitutes: [{ ...qwen30, model: 'my-model', evidence: [{ benchmark: 'X', api: score(101), open: score(1) }] }],
    });
    expect(r.ok).toBe(false);
    const text = r.ok ? '' : r.problems.join('\n');
    expect(text).toMatch(/^provider: expected the API provider id/m);
    expect(text).toMatch(/^substitutes\[0\]\.model: expected an open model of the sizing catalog/m);
    expect(text).toMatch(/^substitutes\[0\]\.evidence\[0\]\.api\.score: expected a score from 0 to 100/m);
  });

  it('refuses a non-reasoning substitute for a reasoning model', () => {
    const r = parseSubstituteOverride('o4-mini', { ...body, substitutes: [{ ...qwen30, reasoning: false }] });
    expect(r).toEqual({
      ok: false,
      problems: ['substitutes[0].reasoning: a reasoning model maps to reasoning models'],
    });
  });

  it('replaces an earlier override of the same model, and removing it brings the bundled entry back', () => {
    const first = parseSubstituteOverride('gpt-4o', { ...body, reasoning: false, substitutes: [] });
    const second = parseSubstituteOverride('gpt-4o-2024-08-06', { ...body, reasoning: false, substitutes: [] });
    if (!first.ok || !second.ok) throw new Error('valid entries refused');
    const overrides = withSubstituteOverride(withSubstituteOverride([], first.entry), second.entry);
    expect(overrides).toHaveLength(1);
    expect(substituteEntryFor('gpt-4o', resolveSubstituteCatalog(overrides))?.substitutes).toEqual([]);
    const removed = withoutSubstituteOverride(overrides, 'gpt-4o');
    expect(removed).toEqual([]);
    expect(substituteEntryFor('gpt-4o', resolveSubstituteCatalog(removed))?.substitutes[0]?.model).toBe('deepseek-v3');
  });
});

describe('a team profile change', () => {
  it('takes the recommend names and refuses an unknown privacy level or an empty change', () => {
    expect(teamProfileUpdateSchema.parse({ privacy: 'must-not-leave', latencySensitive: true })).toEqual({
      privacy: 'must-not-leave',
      latencySensitive: true,
    });
    const bad = teamProfileUpdateSchema.safeParse({ privacy: 'secret' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('expected one of none, preferred, critical, must-not-leave');
    expect(teamProfileUpdateSchema.safeParse({}).success).toBe(false);
  });
});
