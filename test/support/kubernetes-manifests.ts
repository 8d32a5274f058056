// The Kubernetes manifests of deploy/kubernetes as a cluster would receive them: rendered by
// `kubectl kustomize` (kubectl ships kustomize), each object checked offline against the OpenAPI
// schema of its kind (kubernetes-models; @kubernetes-models/keda for ScaledObject and TriggerAuthentication).
import { execFileSync } from 'node:child_process';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

type ValidatingModel = new (data: never) => { validate(): void };
/**
 * tsconfig's `moduleResolution: node` cannot follow @kubernetes-models/base (an exports-only package), so the
 * models' types lose their base class and its validate(); at run time (vitest loads them as ESM) it is there.
 */
const model = (modelClass: unknown) => modelClass as ValidatingModel;

/** The kinds the manifests may hold, each with the model that validates it. */
const MODELS: Record<string, ValidatingModel> = {
  'v1/ConfigMap': model(ConfigMap),
  'v1/Secret': model(Secret),
  'v1/Service': model(Service),
  'v1/Namespace': model(Namespace),
  'apps/v1/Deployment': model(Deployment),
  'batch/v1/Job': model(Job),
  'policy/v1/PodDisruptionBudget': model(PodDisruptionBudget),
  'keda.sh/v1alpha1/ScaledObject': model(ScaledObject),
  'keda.sh/v1alpha1/TriggerAuthentication': model(TriggerAuthentication),
};

/** Every object `kubectl kustomize <dir>` prints, in order. */
export function renderKustomization(dir: string): KubeObject[] {
  let output: string;
  try {
    output = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        'kubectl is not installed (or not on PATH): the Kubernetes manifest test renders deploy/kubernetes with ' +
          '`kubectl kustomize`; install kubectl (it includes kustomize) and run the test again',
      );
    }
    throw new Error(`kubectl kustomize ${dir} failed: ${String((error as { stderr?: string }).stderr ?? error)}`);
  }
  return parseAllDocuments(output).map((document, index) => {
    if (document.errors.length > 0) throw new Error(`${dir}: document ${index}: ${document.errors[0].message}`);
    return document.toJS() as KubeObject;
  });
}

/** Throws, naming the object and the offending fields, unless the object matches its kind's schema. */
export function validateObject(object: KubeObject): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  const name = `${object.kind}/${object.metadata?.name}`;
  if (!Model) throw new Error(`${name}: no schema known for ${object.apiVersion} ${object.kind}`);
  try {
    new Model(asServerReads(object) as never).validate();
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * kustomize folds a long Secret value's base64 over several lines; the API server decodes with Go's
 * base64, which skips newlines, while the schema's `byte` format does not.
 */
function asServerReads(object: KubeObject): KubeObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  const data = Object.entries(object.data as Record<string, string>).map(([key, value]) => [
    key,
    value.replace(/[\r\n]/g, ''),
  ]);
  return { ...object, data: Object.fromEntries(data) };
}

/** Bytes of a memory quantity (`768Mi`, `1Gi`, `500M`), or cores of a CPU quantity (`250m`, `2`). */
export function quantity(value: string | number): number {
  const match = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(value));
  if (!match) throw new Error(`not a Kubernetes quantity: ${value}`);
  const factors: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(match[1]) * (match[2] ? factors[match[2]] : 1);
}
