// deploy/kubernetes repeats facts that live in code: the start commands (package.json), the
// environment (libs/config), the ports and their defaults, the topics, the consumer group and the
// partition count (libs/contracts). The base and the example overlay are rendered as a cluster would
// receive them, every object is checked against its schema, and these facts are held to the code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, parseConfig } from '@tokenmeter/config';
import { TOPIC_PARTITIONS, topicNames } from '@tokenmeter/contracts';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtCommand } from '../../scripts/build';
import { KubeObject, quantity, renderKustomization, validateObject } from '../support/kubernetes-manifests';
import { npmScript } from '../support/npm-script';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  ports?: Array<{ name?: string; containerPort: number }>;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
    seccompProfile?: { type: string };
  };
  volumeMounts?: Array<{ name: string; mountPath: string }>;
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    containers: Container[];
    terminationGracePeriodSeconds?: number;
    securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; seccompProfile?: { type: string } };
    topologySpreadConstraints?: Array<{ topologyKey: string; labelSelector: { matchLabels: Record<string, string> } }>;
    volumes?: Array<{ name: string; emptyDir?: object }>;
  };
}
interface Workload extends KubeObject {
  spec: { replicas?: number; selector?: { matchLabels: Record<string, string> }; template: PodTemplate };
}
interface KafkaTrigger {
  type: string;
  metadata: Record<string, string>;
  authenticationRef?: { name: string; kind?: string };
}
interface TriggerAuth extends KubeObject {
  spec: {
    env?: Array<{ parameter: string; name: string; containerName?: string }>;
    secretTargetRef?: Array<{ parameter: string; name: string; key: string }>;
  };
}

/** Each app: its Deployment, the npm script it runs, and the variable that holds its port. */
const APPS = [
  { app: 'api', deployment: 'tokenmeter-api', script: 'start:api', portVariable: 'API_PORT' },
  { app: 'ingest', deployment: 'tokenmeter-ingest', script: 'start:ingest', portVariable: 'INGEST_HTTP_PORT' },
  { app: 'worker', deployment: 'tokenmeter-worker', script: 'start:worker', portVariable: 'WORKER_HTTP_PORT' },
] as const;

/** KEDA's Kafka scaler's name (`sasl`) of each KAFKA_SASL_MECHANISM (libs/config). */
const KEDA_SASL: Record<string, string> = {
  'scram-sha-512': 'scram_sha512',
  'scram-sha-256': 'scram_sha256',
  plain: 'plaintext',
  none: 'none',
};

const TARGETS = [
  { label: 'base', dir: 'deploy/kubernetes/base' },
  { label: 'example overlay', dir: 'deploy/kubernetes/overlays/example' },
];

/** The rendered stream of one kustomization, with lookups by kind and name. */
function manifests(dir: string) {
  const objects = renderKustomization(path.join(root, dir));
  const all = (kind: string) => objects.filter((object) => object.kind === kind);
  const one = <T extends KubeObject>(kind: string, name: string): T => {
    const found = objects.find((object) => object.kind === kind && object.metadata.name === name);
    if (!found) throw new Error(`${dir}: no ${kind} named ${name}`);
    return found as T;
  };
  // Generated names carry a hash suffix, so references are followed the way the cluster would.
  const data = (kind: 'ConfigMap' | 'Secret', name: string): Record<string, string> => {
    const object = one<KubeObject & { data?: Record<string, string> }>(kind, name);
    const entries = Object.entries(object.data ?? {});
    return Object.fromEntries(
      entries.map(([key, value]) => [key, kind === 'Secret' ? Buffer.from(value, 'base64').toString('utf8') : value]),
    );
  };
  /** The environment a container starts with: envFrom in order, then env on top. */
  const environment = (container: Container): Record<string, string> => {
    const env: Record<string, string> = {};
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef) Object.assign(env, data('ConfigMap', source.configMapRef.name));
      if (source.secretRef) Object.assign(env, data('Secret', source.secretRef.name));
    }
    for (const { name, value, valueFrom } of container.env ?? []) {
      const ref = valueFrom?.secretKeyRef;
      env[name] = ref ? (data('Secret', ref.name)[ref.key] ?? '') : (value ?? '');
    }
    return env;
  };
  const pods = () => [...all('Deployment'), ...all('Job')] as Workload[];
  return { objects, all, one, data, environment, pods };
}

const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

describe.each(TARGETS)('Kubernetes manifests: $label ($dir)', ({ dir }) => {
  const rendered = manifests(dir);
  const { objects, all, one, environment, pods } = rendered;
  const deployment = (name: string) => one<Workload>('Deployment', name);

  it('renders only objects that match their Kubernetes or KEDA schema', () => {
    expect(objects.length).toBeGreaterThan(10);
    const problems = objects.flatMap((object) => {
      try {
        validateObject(object);
        return [];
      } catch (error) {
        return [(error as Error).message];
      }
    });
    expect(problems).toEqual([]);
  });

  it.each(APPS)('runs $app with the compiled command of `npm run $script`', ({ deployment: name, script }) => {
    const [container, ...others] = deployment(name).spec.template.spec.containers;
    expect(others).toEqual([]);
    expect(container.command).toEqual(builtCommand(npmScript(script)));
  });

  it.each(APPS)(
    'probes $app on its own port: liveness /healthz, readiness /readyz',
    ({ deployment: name, portVariable }) => {
      const [container] = deployment(name).spec.template.spec.containers;
      const port = Number(environment(container)[portVariable]);
      const portOf = (probe: Probe | undefined) => {
        const target = probe?.httpGet?.port;
        return typeof target === 'number' ? target : container.ports?.find((p) => p.name === target)?.containerPort;
      };
      expect(container.ports?.map((p) => p.containerPort)).toEqual([port]);
      expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
      expect(portOf(container.livenessProbe)).toBe(port);
      expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
      expect(portOf(container.readinessProbe)).toBe(port);
      expect(container.startupProbe?.httpGet?.path).toBe('/healthz');
      expect(portOf(container.startupProbe)).toBe(port);
    },
  );

  it('gives every container the whole environment of libs/config, valid, and nothing else', () => {
    for (const workload of pods()) {
      for (const container of workload.spec.template.spec.containers) {
        const where = `${workload.metadata.name}/${container.name}`;
        const env = environment(container);
        expect(Object.keys(env).sort(), where).toEqual([...CONFIG_VARIABLES].sort());
        expect(() => parseConfig(env), where).not.toThrow();
        // Probes and Services reach the pod on its own IP, not on loopback.
        expect(env.API_HOST, where).toBe('0.0.0.0');
        for (const key of ['DATABASE_URL', 'REDIS_URL'] as const) {
          expect(new URL(env[key]).hostname, `${where} ${key}`).not.toMatch(/^(127\.|localhost$)/);
        }
        for (const broker of env.KAFKA_BROKERS.split(',')) expect(broker, where).not.toMatch(/^(127\.|localhost:)/);
        // Each app signs in to Kafka as its own principal (named as the app), whose ACLs fit its part.
        if (workload.kind === 'Deployment') expect(env.KAFKA_USERNAME, where).toBe(workload.metadata.name);
        if (workload.kind === 'Deployment') expect(env.KAFKA_SASL_MECHANISM, where).toBe('scram-sha-512');
      }
    }
  });

  it('keeps the connection strings in the Secret and the rest in the ConfigMap', () => {
    const [container] = deployment('tokenmeter-api').spec.template.spec.containers;
    const secret = container.envFrom?.find((source) => source.secretRef)?.secretRef?.name ?? '';
    expect(Object.keys(rendered.one<KubeObject & { data: object }>('Secret', secret).data).sort()).toEqual([
      'DATABASE_URL',
      'REDIS_URL',
    ]);
  });

  it('sizes every container with requests and limits; ingest above its measured 647 MB peak', () => {
    for (const workload of pods()) {
      for (const { name, resources } of workload.spec.template.spec.containers) {
        for (const resource of ['cpu', 'memory']) {
          const request = resources?.requests?.[resource];
          const limit = resources?.limits?.[resource];
          expect(request, `${name} ${resource} request`).toBeDefined();
          expect(limit, `${name} ${resource} limit`).toBeDefined();
          expect(quantity(request!), `${name} ${resource}`).toBeLessThanOrEqual(quantity(limit!));
        }
      }
    }
    const [ingest] = deployment('tokenmeter-ingest').spec.template.spec.containers;
    expect(quantity(ingest.resources!.requests!.memory)).toBeGreaterThan(647e6);
    expect(quantity(ingest.resources!.limits!.memory)).toBeGreaterThan(647e6 * 1.25);
  });

  it('runs every pod as non-root with a read-only root filesystem, no privilege escalation, no capabilities', () => {
    for (const workload of pods()) {
      const { spec } = workload.spec.template;
      const where = workload.metadata.name;
      expect(spec.securityContext?.runAsNonRoot, where).toBe(true);
      // A numeric user: the image's USER is a name, which the kubelet cannot check against root.
      expect(spec.securityContext?.runAsUser, where).toBeGreaterThan(0);
      expect(spec.securityContext?.seccompProfile?.type, where).toBe('RuntimeDefault');
      for (const container of spec.containers) {
        expect(container.securityContext?.allowPrivilegeEscalation, where).toBe(false);
        expect(container.securityContext?.readOnlyRootFilesystem, where).toBe(true);
        expect(container.securityContext?.capabilities?.drop, where).toEqual(['ALL']);
        // Scratch space at os.tmpdir(): a writable /tmp beside the read-only root.
        const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
        expect(spec.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir, where).toBeDefined();
      }
    }
  });

  it('spreads each Deployment over zones and nodes, and selects its own pods', () => {
    for (const { deployment: name } of APPS) {
      const { spec } = deployment(name);
      const labels = spec.template.metadata.labels;
      expect(selects(spec.selector!.matchLabels, labels), name).toBe(true);
      const keys = spec.template.spec.topologySpreadConstraints?.map((c) => c.topologyKey).sort();
      expect(keys, name).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
      for (const constraint of spec.template.spec.topologySpreadConstraints ?? []) {
        expect(selects(constraint.labelSelector.matchLabels, labels), name).toBe(true);
      }
    }
  });

  it('gives ingest longer than the default 30 s to store and commit the micro-batches in hand', () => {
    expect(deployment('tokenmeter-ingest').spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(30);
  });

  it('has one PodDisruptionBudget per app, each selecting exactly that Deployment’s pods', () => {
    const budgets = all('PodDisruptionBudget') as Array<
      KubeObject & { spec: { selector: { matchLabels: Record<string, string> } } }
    >;
    const deployments = all('Deployment') as Workload[];
    const covered = budgets.map((budget) => {
      const matched = deployments.filter((d) =>
        selects(budget.spec.selector.matchLabels, d.spec.template.metadata.labels),
      );
      expect(matched.length, budget.metadata.name).toBe(1);
      return matched[0].metadata.name;
    });
    expect(covered.sort()).toEqual(APPS.map((app) => app.deployment).sort());
  });

  it('points every Service at the pods and the port of one app', () => {
    const services = all('Service') as Array<
      KubeObject & {
        spec: { selector: Record<string, string>; ports: Array<{ port: number; targetPort: string | number }> };
      }
    >;
    expect(services.map((service) => service.metadata.name)).toContain('tokenmeter-api');
    for (const service of services) {
      const matched = (all('Deployment') as Workload[]).filter((d) =>
        selects(service.spec.selector, d.spec.template.metadata.labels),
      );
      expect(matched.length, service.metadata.name).toBe(1);
      const [container] = matched[0].spec.template.spec.containers;
      for (const { port, targetPort } of service.spec.ports) {
        const target = container.ports?.find((p) => p.name === targetPort || p.containerPort === targetPort);
        expect(target, `${service.metadata.name} → ${targetPort}`).toBeDefined();
        expect(port, service.metadata.name).toBe(target?.containerPort);
      }
    }
  });

  it('runs the migrations and the topic creation as the compose one-shots do', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { command: string[] }>;
    };
    const [migrate] = one<Workload>('Job', 'tokenmeter-migrate').spec.template.spec.containers;
    const [topics] = one<Workload>('Job', 'tokenmeter-topics').spec.template.spec.containers;
    expect(migrate.command).toEqual(builtCommand(npmScript('db:migrate')));
    expect(migrate.command).toEqual(compose.services.migrate.command);
    expect(topics.command).toEqual(compose.services.topics.command);
  });

  describe('the ingest ScaledObject', () => {
    const scaled = () =>
      one<KubeObject & { spec: Record<string, unknown> }>('ScaledObject', 'tokenmeter-ingest').spec as {
        scaleTargetRef: { apiVersion?: string; kind?: string; name: string };
        minReplicaCount: number;
        maxReplicaCount: number;
        triggers: KafkaTrigger[];
      };
    const ingestEnv = () => environment(deployment('tokenmeter-ingest').spec.template.spec.containers[0]);
    /** A trigger parameter, given directly or as `<name>FromEnv` (read from the target's container). */
    const parameter = (trigger: KafkaTrigger, name: string) => {
      const fromEnv = trigger.metadata[`${name}FromEnv`];
      return fromEnv === undefined ? trigger.metadata[name] : ingestEnv()[fromEnv];
    };

    it('scales the ingest Deployment, which leaves its replica count to it', () => {
      const target = scaled().scaleTargetRef;
      expect(target.kind ?? 'Deployment').toBe('Deployment');
      expect(target.apiVersion ?? 'apps/v1').toBe('apps/v1');
      expect(deployment(target.name).spec.template.spec.containers[0].command).toEqual(
        builtCommand(npmScript('start:ingest')),
      );
      expect(deployment(target.name).spec.replicas).toBeUndefined();
    });

    it('stays between one instance and the partition count', () => {
      const { minReplicaCount, maxReplicaCount } = scaled();
      expect(minReplicaCount).toBeGreaterThanOrEqual(1);
      expect(minReplicaCount).toBeLessThanOrEqual(maxReplicaCount);
      expect(maxReplicaCount).toBeLessThanOrEqual(TOPIC_PARTITIONS);
    });

    it('watches the lag of the ingest consumer groups on their topics, on the brokers the apps use', () => {
      const env = ingestEnv();
      const topics = topicNames(env.TOPIC_PREFIX);
      const watched = scaled().triggers.map((trigger) => {
        expect(trigger.type).toBe('kafka');
        expect(parameter(trigger, 'bootstrapServers')).toBe(env.KAFKA_BROKERS);
        expect(Number(trigger.metadata.lagThreshold)).toBeGreaterThan(0);
        // The consumers subscribe fromBeginning: a group with nothing committed owes the whole log.
        expect(trigger.metadata.offsetResetPolicy).toBe('earliest');
        expect(trigger.metadata.allowIdleConsumers).toBe('false');
        return [parameter(trigger, 'topic'), parameter(trigger, 'consumerGroup')];
      });
      expect(watched).toContainEqual([topics.usageEvents, env.INGEST_GROUP_ID]);
      // apps/ingest/src/batch-consumer-factory.ts: the vllm.logs group is `<INGEST_GROUP_ID>-vllm`.
      expect(watched).toContainEqual([topics.vllmLogs, `${env.INGEST_GROUP_ID}-vllm`]);
      expect(read('apps/ingest/src/batch-consumer-factory.ts')).toContain(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text itself, not a template
        '{ groupId: `${config.INGEST_GROUP_ID}-vllm`',
      );
      expect(read('libs/kafka/src/batch-consumer.ts')).toContain('fromBeginning: true');
    });

    it('signs in to the broker as the ingest principal, with the mechanism and password the ingest pods use', () => {
      const env = ingestEnv();
      const [container] = deployment('tokenmeter-ingest').spec.template.spec.containers;
      for (const trigger of scaled().triggers) {
        expect(trigger.metadata.sasl).toBe(KEDA_SASL[env.KAFKA_SASL_MECHANISM]);
        expect(trigger.metadata.tls ?? 'disable').toBe('disable');
        expect(trigger.authenticationRef?.kind ?? 'TriggerAuthentication').toBe('TriggerAuthentication');
        const auth = one<TriggerAuth>('TriggerAuthentication', trigger.authenticationRef!.name).spec;
        // Each parameter as KEDA resolves it: from the scale target's container, or from a Secret.
        const resolved: Record<string, string> = {};
        for (const { parameter, name, containerName } of auth.env ?? []) {
          expect(containerName ?? container.name).toBe(container.name);
          resolved[parameter] = env[name];
        }
        for (const { parameter, name, key } of auth.secretTargetRef ?? []) {
          resolved[parameter] = rendered.data('Secret', name)[key];
        }
        expect(resolved).toEqual({ username: 'tokenmeter-ingest', password: env.KAFKA_PASSWORD });
        expect(env.KAFKA_USERNAME).toBe('tokenmeter-ingest');
      }
    });
  });
});

describe('Kubernetes manifests: base and overlay specifics', () => {
  const base = manifests('deploy/kubernetes/base');
  const overlay = manifests('deploy/kubernetes/overlays/example');
  const images = (set: ReturnType<typeof manifests>) =>
    new Set(set.pods().flatMap((workload) => workload.spec.template.spec.containers.map((c) => c.image)));

  it('keeps the ports and the other settings of the base at the libs/config defaults', () => {
    const defaults = parseConfig({});
    const [api] = base.one<Workload>('Deployment', 'tokenmeter-api').spec.template.spec.containers;
    const env = base.environment(api);
    for (const key of CONFIG_VARIABLES) {
      const perApp = ['KAFKA_CLIENT_ID', 'KAFKA_USERNAME', 'KAFKA_PASSWORD'];
      if (['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'API_HOST', ...perApp].includes(key)) continue;
      expect(env[key], key).toBe(String(defaults[key]));
    }
  });

  it('runs the image docker-compose.yml builds in the base, and the overlay’s registry image in the overlay', () => {
    const compose = parse(read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { image: string }>;
    };
    expect([...images(base)]).toEqual([compose.services.api.image]);
    const kustomization = parse(read('deploy/kubernetes/overlays/example/kustomization.yaml')) as {
      images: Array<{ newName: string; newTag: string }>;
    };
    const [{ newName, newTag }] = kustomization.images;
    expect([...images(overlay)]).toEqual([`${newName}:${newTag}`]);
  });

  it('puts every object of the overlay in its namespace, and points it at other hosts than the base', () => {
    const namespace = overlay.all('Namespace')[0]?.metadata.name;
    expect(namespace).toBeDefined();
    for (const object of overlay.objects.filter((o) => o.kind !== 'Namespace')) {
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(namespace);
    }
    const [baseApi] = base.one<Workload>('Deployment', 'tokenmeter-api').spec.template.spec.containers;
    const [overlayApi] = overlay.one<Workload>('Deployment', 'tokenmeter-api').spec.template.spec.containers;
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS']) {
      expect(overlay.environment(overlayApi)[key], key).not.toBe(base.environment(baseApi)[key]);
    }
  });

  it('rejects a broken object: the schema check is not a formality', () => {
    const ingest = base.one<Workload>('Deployment', 'tokenmeter-ingest');
    const broken = structuredClone(ingest);
    (broken.spec as Record<string, unknown>).replicas = 'two';
    expect(() => validateObject(broken)).toThrow(/Deployment\/tokenmeter-ingest: .*replicas/);
    const unnamed = structuredClone(ingest);
    delete (unnamed.spec.template.spec.containers[0] as Partial<Container>).name;
    expect(() => validateObject(unnamed)).toThrow(/name/);
    const scaled = structuredClone(base.one('ScaledObject', 'tokenmeter-ingest')) as KubeObject & {
      spec: Record<string, unknown>;
    };
    scaled.spec.maxReplicaCount = 'six';
    expect(() => validateObject(scaled)).toThrow(/ScaledObject\/tokenmeter-ingest: .*maxReplicaCount/);
    expect(() => validateObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stray' } })).toThrow(
      /no schema known/,
    );
  });
});
