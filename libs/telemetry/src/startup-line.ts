// Start-up lines that say what a deployment runs: the engine config line (`Initializing an LLM
// engine (v0.4.3) with config: model='…', dtype=torch.bfloat16, max_seq_len=8192, …
// tensor_parallel_size=2`), `vLLM API server version 0.6.3`, `non-default args: {…}` (v0.7+),
// `args: Namespace(…)` (older API servers) and `Using max model len N`.
import { leadingInteger, pythonScalar, topLevelFields, unwrapCall } from './python-repr';

export interface StartupFields {
  model: string | null;
  tensorParallelSize: number | null;
  maxModelLen: number | null;
  dtype: string | null;
  vllmVersion: string | null;
}

function cleanText(value: string | null | undefined, maxLength = 256): string | null {
  if (value === null || value === undefined) return null;
  const text = value.replace(/[\x00-\x1f\x7f]/g, '').trim();
  return text === '' || text === 'None' ? null : text.slice(0, maxLength);
}

function fromConfigFields(fields: Map<string, string>): Omit<StartupFields, 'vllmVersion'> {
  const model = fields.get('model') ?? fields.get('model_tag');
  const dtype = fields.get('dtype');
  return {
    model: cleanText(model === undefined ? null : pythonScalar(model)),
    tensorParallelSize: leadingInteger(fields.get('tensor_parallel_size')),
    maxModelLen: leadingInteger(fields.get('max_model_len') ?? fields.get('max_seq_len')),
    dtype: cleanText(dtype === undefined ? null : pythonScalar(dtype)?.replace(/^torch\./, ''), 32),
  };
}

const NOTHING: StartupFields = {
  model: null,
  tensorParallelSize: null,
  maxModelLen: null,
  dtype: null,
  vllmVersion: null,
};

function version(raw: string | undefined): string | null {
  return cleanText(raw?.replace(/^v/, ''), 64);
}

function anyStated(fields: StartupFields): StartupFields | null {
  return Object.values(fields).some((value) => value !== null) ? fields : null;
}

export function parseStartupLine(body: string): StartupFields | null {
  const text = body.trimStart();

  let m =
    /^Initializing\s*(?:an?\s*)?(?:V1\s*)?LLM\s*engine\s*(?:\(\s*(v?[^)\s]{1,64})\s*\))?\s*with\s*config:\s*/i.exec(
      text,
    );
  if (m) return anyStated({ ...fromConfigFields(topLevelFields(text.slice(m[0].length))), vllmVersion: version(m[1]) });

  m = /^vLLM\s*API\s*server\s*version\s*(v?\d[\w.+-]{0,63})/i.exec(text);
  if (m) return { ...NOTHING, vllmVersion: version(m[1]) };

  m = /^non-default\s*args:\s*/i.exec(text);
  if (m)
    return anyStated({ ...fromConfigFields(topLevelFields(unwrapCall(text.slice(m[0].length)))), vllmVersion: null });

  m = /^args:\s*(?=Namespace\()/.exec(text);
  if (m)
    return anyStated({ ...fromConfigFields(topLevelFields(unwrapCall(text.slice(m[0].length)))), vllmVersion: null });

  m = /^Using\s*max\s*model\s*len\s*(\d{1,15})/i.exec(text);
  if (m) return { ...NOTHING, maxModelLen: Number(m[1]) };

  return null;
}
