// Which deployment a vllm.logs message belongs to. Places are tried in order: the message key (the
// documented way: keys are deployment names), the `tokenmeter-deployment` header, a `deployment`
// field of the shipper's event, then the pod's Kubernetes labels against each deployment's
// `kubernetesLabels`. The first place that names a known deployment wins, so a shipper keying by
// pod name still falls through to the labels. Reasons never echo anything but name-shaped text.
import { isDeploymentName } from '@tokenmeter/contracts';

export const DEPLOYMENT_HEADER = 'tokenmeter-deployment';

export interface DeploymentHints {
  key: string | null;
  header: string | null;
  field: string | null;
  labels: Record<string, string> | null;
}

export interface MatchableDeployment {
  name: string;
  kubernetesLabels: Record<string, string>;
}

export type DeploymentVia = 'key' | 'header' | 'field' | 'labels';

export type DeploymentMatch<D> = { ok: true; deployment: D; via: DeploymentVia } | { ok: false; reason: string };

const PLACES: Array<[Exclude<DeploymentVia, 'labels'>, string]> = [
  ['key', 'message key'],
  ['header', `${DEPLOYMENT_HEADER} header`],
  ['field', 'deployment field'],
];

function shown(name: string): string {
  return isDeploymentName(name)
    ? JSON.stringify(name)
    : `a value that is not a deployment name (${name.length} characters)`;
}

/** Filebeat dedots label keys by default (`app.kubernetes.io/name` → `app_kubernetes_io/name`). */
function labelValue(labels: Record<string, string>, key: string): string | undefined {
  if (Object.hasOwn(labels, key)) return labels[key];
  const dedotted = key.replace(/\./g, '_');
  return Object.hasOwn(labels, dedotted) ? labels[dedotted] : undefined;
}

function labelsMatch(wanted: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(wanted);
  return keys.length > 0 && keys.every((key) => labelValue(labels, key) === wanted[key]);
}

export function matchDeployment<D extends MatchableDeployment>(
  hints: DeploymentHints,
  deployments: ReadonlyMap<string, D>,
): DeploymentMatch<D> {
  const unknown: string[] = [];
  for (const [via, place] of PLACES) {
    const name = hints[via]?.trim();
    if (!name) continue;
    const deployment = deployments.get(name);
    if (deployment) return { ok: true, deployment, via };
    unknown.push(`${shown(name)} (${place})`);
  }
  if (hints.labels && Object.keys(hints.labels).length > 0) {
    const labels = hints.labels;
    const matching = [...deployments.values()].filter((d) => labelsMatch(d.kubernetesLabels, labels));
    // The most specific selector wins (`app` + `model` over `app` alone); a tie is ambiguous.
    matching.sort((a, b) => Object.keys(b.kubernetesLabels).length - Object.keys(a.kubernetesLabels).length);
    if (
      matching.length === 1 ||
      (matching.length > 1 &&
        Object.keys(matching[0].kubernetesLabels).length > Object.keys(matching[1].kubernetesLabels).length)
    ) {
      return { ok: true, deployment: matching[0], via: 'labels' };
    }
    if (matching.length > 1) {
      return {
        ok: false,
        reason:
          `the pod's Kubernetes labels match several deployments equally: ` +
          `${matching.map((d) => d.name).join(', ')}`,
      };
    }
    unknown.push("Kubernetes labels matching no deployment's kubernetesLabels");
  }
  if (unknown.length === 0) {
    return {
      ok: false,
      reason:
        `no deployment named: expected the message key, a ${DEPLOYMENT_HEADER} header, a deployment field ` +
        'or Kubernetes labels to name a known deployment',
    };
  }
  return {
    ok: false,
    reason:
      `unknown deployment: ${unknown.join('; ')}; ` +
      'create it (PUT /v1/deployments/<name> or tokenmeter deployments upsert) and replay',
  };
}
