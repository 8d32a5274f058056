import { describe, expect, it } from 'vitest';
import { openShipperEnvelope } from './shipper-envelope';

const LINE = 'INFO 11-27 10:00:00 [loggers.py:116] Engine 000: Avg prompt throughput: 1.0 tokens/s';

describe('openShipperEnvelope', () => {
  it('takes a raw line as it is', () => {
    expect(openShipperEnvelope(Buffer.from(LINE))).toEqual({
      kind: 'raw',
      line: LINE,
      time: null,
      deploymentField: null,
      kubernetesLabels: null,
      replica: null,
    });
  });

  it('reads Vector: message, timestamp, deployment field, pod_labels', () => {
    const event = {
      message: LINE,
      timestamp: '2026-11-27T10:00:00.250Z',
      deployment: 'pool-a',
      kubernetes: { pod_labels: { app: 'vllm' }, pod_name: 'pool-a-7d9f-x2k4q' },
    };
    expect(openShipperEnvelope(JSON.stringify(event))).toEqual({
      kind: 'vector',
      line: LINE,
      time: '2026-11-27T10:00:00.250Z',
      deploymentField: 'pool-a',
      kubernetesLabels: { app: 'vllm' },
      replica: 'pool-a-7d9f-x2k4q',
    });
  });

  it('names the replica by its pod, else its host, as each shipper states them', () => {
    const replica = (event: object) => openShipperEnvelope(JSON.stringify({ message: LINE, ...event })).replica;
    expect(replica({ kubernetes: { pod_name: 'vllm-0' } })).toBe('vllm-0'); // Vector, Fluent Bit
    expect(replica({ kubernetes: { pod: { name: 'vllm-1' } }, host: { name: 'node-7' } })).toBe('vllm-1'); // Filebeat
    expect(replica({ host: { name: 'gpu-box-2' } })).toBe('gpu-box-2'); // Filebeat, no Kubernetes
    expect(replica({ host: 'gpu-box-3' })).toBe('gpu-box-3'); // Vector file or docker_logs source
    expect(replica({ host: 'two words' })).toBeNull(); // not a name: the line stays in the unnamed series
    expect(replica({})).toBeNull();
  });

  it('reads Fluent Bit: log, epoch-seconds @timestamp, kubernetes.labels', () => {
    const event = {
      log: `${LINE}\n`,
      stream: 'stderr',
      '@timestamp': 1795773600.5,
      kubernetes: { labels: { 'app.kubernetes.io/name': 'vllm' } },
    };
    const opened = openShipperEnvelope(JSON.stringify(event));
    expect(opened.kind).toBe('fluent-bit');
    expect(opened.line).toBe(`${LINE}\n`);
    expect(opened.time).toBe('2026-11-27T10:00:00.500Z');
    expect(opened.kubernetesLabels).toEqual({ 'app.kubernetes.io/name': 'vllm' });
  });

  it('reads Filebeat: message, ISO @timestamp, fields.deployment', () => {
    const event = {
      '@timestamp': '2026-11-27T10:00:00.000Z',
      message: LINE,
      agent: { type: 'filebeat' },
      fields: { deployment: 'pool-b' },
    };
    expect(openShipperEnvelope(JSON.stringify(event))).toMatchObject({
      kind: 'filebeat',
      line: LINE,
      deploymentField: 'pool-b',
      time: '2026-11-27T10:00:00.000Z',
    });
  });

  it('says when there is no line: empty, tombstone, an event without message/log', () => {
    expect(openShipperEnvelope(null).kind).toBe('empty');
    expect(openShipperEnvelope(Buffer.alloc(0)).kind).toBe('empty');
    expect(openShipperEnvelope('{"stream":"stderr"}')).toMatchObject({ kind: 'no-line', line: null });
  });

  it('takes text that only looks like JSON as a raw line, and ignores absurd times', () => {
    expect(openShipperEnvelope('{not json').kind).toBe('raw');
    expect(openShipperEnvelope(JSON.stringify({ message: LINE, timestamp: 'yesterday' })).time).toBeNull();
    expect(openShipperEnvelope(JSON.stringify({ message: LINE, '@timestamp': 12 })).time).toBeNull();
  });
});
