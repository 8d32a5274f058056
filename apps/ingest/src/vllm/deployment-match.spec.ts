import { describe, expect, it } from 'vitest';
import { MatchableDeployment, matchDeployment } from './deployment-match';

const deployments = new Map<string, MatchableDeployment>([
  ['pool-a', { name: 'pool-a', kubernetesLabels: { app: 'vllm', 'app.kubernetes.io/instance': 'pool-a' } }],
  ['pool-b', { name: 'pool-b', kubernetesLabels: { app: 'vllm' } }],
  ['pool-c', { name: 'pool-c', kubernetesLabels: {} }],
]);
const none = { key: null, header: null, field: null, labels: null };

describe('matchDeployment', () => {
  it('tries key, header, field, then labels, the first known name winning', () => {
    expect(matchDeployment({ ...none, key: 'pool-c', header: 'pool-a' }, deployments)).toMatchObject({
      ok: true,
      via: 'key',
      deployment: { name: 'pool-c' },
    });
    expect(matchDeployment({ ...none, key: 'vllm-0-pod', header: 'pool-a' }, deployments)).toMatchObject({
      ok: true,
      via: 'header',
      deployment: { name: 'pool-a' },
    });
    expect(matchDeployment({ ...none, field: 'pool-b' }, deployments)).toMatchObject({ ok: true, via: 'field' });
  });

  it('matches labels by the most specific selector, Filebeat dedotted keys included', () => {
    expect(
      matchDeployment(
        { ...none, labels: { app: 'vllm', 'app.kubernetes.io/instance': 'pool-a', pod: 'x' } },
        deployments,
      ),
    ).toMatchObject({ ok: true, deployment: { name: 'pool-a' } });
    expect(
      matchDeployment({ ...none, labels: { app: 'vllm', 'app_kubernetes_io/instance': 'pool-a' } }, deployments),
    ).toMatchObject({ ok: true, deployment: { name: 'pool-a' } });
    expect(matchDeployment({ ...none, labels: { app: 'vllm' } }, deployments)).toMatchObject({
      ok: true,
      deployment: { name: 'pool-b' },
    });
  });

  it('explains a miss without echoing text that is not name-shaped', () => {
    const unknown = matchDeployment({ ...none, key: 'ghost-pool', labels: { app: 'other' } }, deployments);
    expect(unknown.ok).toBe(false);
    expect(!unknown.ok && unknown.reason).toMatch(
      /^unknown deployment: "ghost-pool" \(message key\); Kubernetes labels matching no deployment/,
    );
    const odd = matchDeployment({ ...none, key: 'my prompt is secret' }, deployments);
    expect(!odd.ok && odd.reason).not.toContain('secret');
    expect(matchDeployment(none, deployments)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^no deployment named/),
    });
  });
});
