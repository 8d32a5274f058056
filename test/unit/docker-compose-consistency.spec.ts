// docker-compose.yml repeats facts that live in code: the environment the apps read (libs/config),
// the topics (libs/contracts) and the broker settings of scripts/stack.sh. These tests fail when
// one side changes and the other does not.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, parseConfig } from '@tokenmeter/config';
import { TOPIC_PARTITIONS } from '@tokenmeter/contracts';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { builtCommand } from '../../scripts/build';
import { npmScript } from '../support/npm-script';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

type Env = Record<string, string>;
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string | number | boolean>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

// Compose resolves `<<: *anchor` merge keys, so the test must too.
const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const env = (name: string): Env =>
  Object.fromEntries(Object.entries(services[name].environment ?? {}).map(([key, value]) => [key, String(value)]));

/** Every service that runs TokenMeter code: built from the repository's Dockerfile. */
const codeServices = Object.keys(services).filter((name) => services[name].build !== undefined);
const appServices = ['api', 'ingest', 'worker'];
const CONNECTIONS = ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS'] as const;

/** The key=value lines stack.sh writes into the broker's server.properties. */
function stackKafkaProperties(): Record<string, string> {
  const script = read('scripts/stack.sh');
  const heredoc = /kafka_props\(\) \{\n {2}cat <<EOF\n([\s\S]*?)\nEOF/.exec(script);
  if (!heredoc) throw new Error('scripts/stack.sh: server.properties heredoc not found');
  return Object.fromEntries(
    heredoc[1]
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** apache/kafka image convention: `a.b.c` is set through `KAFKA_A_B_C`. */
const kafkaEnvName = (property: string) => `KAFKA_${property.toUpperCase().replace(/\./g, '_')}`;

describe('docker-compose.yml', () => {
  it('runs the apps, the migration and the topic one-shots from the repository image', () => {
    expect(codeServices.sort()).toEqual(['api', 'ingest', 'migrate', 'topics', 'worker']);
  });

  it('sets only variables that libs/config knows', () => {
    for (const name of codeServices) {
      const unknown = Object.keys(env(name)).filter((key) => !(CONFIG_VARIABLES as string[]).includes(key));
      expect(unknown, `${name}: unknown environment variables`).toEqual([]);
    }
  });

  it('gives every app its connections, pointing at compose services, with values the schema accepts', () => {
    for (const name of appServices) {
      const vars = env(name);
      for (const key of CONNECTIONS) expect(vars[key], `${name}.${key}`).toBeDefined();
      expect(() => parseConfig(vars), name).not.toThrow();
      expect(new URL(vars.DATABASE_URL).hostname).toBe('postgres');
      expect(new URL(vars.REDIS_URL).hostname).toBe('redis');
      for (const broker of vars.KAFKA_BROKERS.split(',')) {
        const [host, port] = broker.split(':');
        expect(host, `${name}.KAFKA_BROKERS`).toBe('kafka');
        expect(env('kafka').KAFKA_ADVERTISED_LISTENERS, `${name}: ${broker} is an advertised listener`).toContain(
          `//${broker}`,
        );
        expect(port).toMatch(/^\d+$/);
      }
      // Inside a container the health (and API) servers must listen beyond loopback.
      expect(vars.API_HOST, `${name}.API_HOST`).toBe('0.0.0.0');
    }
    expect(env('migrate').DATABASE_URL).toBe(env('api').DATABASE_URL);
    expect(env('topics').KAFKA_BROKERS).toBe(env('api').KAFKA_BROKERS);
  });

  it('starts the apps only after the database is migrated and the topics exist', () => {
    for (const name of appServices) {
      expect(services[name].depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
      expect(services[name].depends_on?.topics?.condition, name).toBe('service_completed_successfully');
    }
  });

  it('runs the compiled entry of each npm script (the image holds the build)', () => {
    expect(services.migrate.command).toEqual(builtCommand(npmScript('db:migrate')));
    for (const name of appServices)
      expect(services[name].command, name).toEqual(builtCommand(npmScript(`start:${name}`)));
    for (const name of codeServices) expect(services[name].command?.[0], name).toBe('node');
  });

  it('creates the topics with the same script as scripts/stack.sh, which takes them from libs/contracts', () => {
    const createTopics = 'node -r ./scripts/register.js scripts/create-topics.ts';
    expect(services.topics.command).toEqual(builtCommand(createTopics));
    expect(read('scripts/stack.sh')).toContain(createTopics);
    expect(read('scripts/create-topics.ts')).toMatch(
      /import \{ ensureTopics \} from '\.\.\/libs\/kafka\/src\/ensure-topics'/,
    );
    const ensureTopicsSource = read('libs/kafka/src/ensure-topics.ts');
    expect(ensureTopicsSource).toMatch(/import \{ TOPIC_PARTITIONS, topicNames \} from '@tokenmeter\/contracts'/);
    expect(ensureTopicsSource).toContain('numPartitions: TOPIC_PARTITIONS');
  });

  it('configures the broker as scripts/stack.sh does: one node, replication factor 1, no auto-created topics', () => {
    const kafka = env('kafka');
    const stack = stackKafkaProperties();
    const shared = [
      'node.id',
      'process.roles',
      'controller.listener.names',
      'inter.broker.listener.name',
      'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr',
      'share.coordinator.state.topic.replication.factor',
      'share.coordinator.state.topic.min.isr',
      'group.initial.rebalance.delay.ms',
      'num.partitions',
      'auto.create.topics.enable',
      // Every client signs in and is authorized by ACLs (issue #17).
      'controller.listener.names',
      'sasl.mechanism.controller.protocol',
      'authorizer.class.name',
      'allow.everyone.if.no.acl.found',
      'super.users',
    ];
    for (const property of shared) {
      expect(stack[property], `stack.sh ${property}`).toBeDefined();
      expect(kafka[kafkaEnvName(property)], `compose ${kafkaEnvName(property)}`).toBe(stack[property]);
    }
    expect(kafka.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe('1');
    expect(kafka.KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR).toBe('1');
    expect(kafka.KAFKA_TRANSACTION_STATE_LOG_MIN_ISR).toBe('1');
    expect(kafka.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
    // SCRAM-SHA-512 for clients as stack.sh, and no listener without SASL.
    for (const mechanism of stack['sasl.enabled.mechanisms'].split(','))
      expect(kafka.KAFKA_SASL_ENABLED_MECHANISMS.split(',')).toContain(mechanism);
    for (const mapping of kafka.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP.split(',')) expect(mapping).toMatch(/:SASL_/);
    for (const name of appServices) expect(env(name).KAFKA_USERNAME, name).toBe(`tokenmeter-${name}`);
    expect(Number(kafka.KAFKA_NUM_PARTITIONS)).toBe(TOPIC_PARTITIONS);
    // Host clients reach the broker where the local stack puts it.
    expect(kafka.KAFKA_ADVERTISED_LISTENERS).toContain('//127.0.0.1:9092');
    expect(services.kafka.ports).toContain('127.0.0.1:9092:9092');
  });

  it('runs the same Kafka version as the local stack', () => {
    const pinned = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(read('scripts/kafka/pom.xml'))?.[1];
    expect(pinned).toMatch(/^4\.\d+\.\d+$/);
    expect(services.kafka.image).toBe(`apache/kafka:${pinned}`);
  });
});
