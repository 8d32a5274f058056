// What arrives on vllm.logs: a raw log line, or a log shipper's JSON event around it.
//   Vector (kubernetes_logs / docker_logs / file):
//     {"message": "...", "timestamp": "...", "kubernetes": {"pod_labels": {...}}}
//   Fluent Bit (tail + kubernetes filter):
//     {"log": "...", "@timestamp": 1764238500.123, "kubernetes": {"labels": {...}}}
//   Filebeat (container input, ECS):
//     {"message": "...", "@timestamp": "...", "kubernetes": {"labels": {...}}, "fields": {...}}
// Only the line, the event time, a `deployment` field, the pod labels and the replica (the pod's name, else
// the host's) are read; everything else the shipper sent is ignored. Nothing here throws, and no error text
// is kept: V8's JSON errors quote the input, which may be a prompt.

import { replicaName } from './log-series';

export type EnvelopeKind = 'raw' | 'vector' | 'fluent-bit' | 'filebeat' | 'empty' | 'no-line';

export interface ShippedLine {
  kind: EnvelopeKind;
  /** The log text (one record, possibly several physical lines); null when the message holds none. */
  line: string | null;
  /** The shipper's event time as ISO 8601, when it stated one. */
  time: string | null;
  /** A deployment named by a field of the event (`deployment`, Filebeat's `fields.deployment`, `labels.deployment`). */
  deploymentField: string | null;
  /**
   * Kubernetes pod labels the shipper attached (Vector `kubernetes.pod_labels`, Fluent Bit/Filebeat
   * `kubernetes.labels`).
   */
  kubernetesLabels: Record<string, string> | null;
  /**
   * The replica the line came from: the pod (Vector and Fluent Bit `kubernetes.pod_name`, Filebeat
   * `kubernetes.pod.name`), else the host (Vector `host`, Filebeat `host.name`, a `hostname` field); null when
   * the event names neither. Replicas of one deployment all log as `Engine 000`: this tells their lines apart.
   */
  replica: string | null;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringAt(object: Json, ...path: string[]): string | null {
  let value: unknown = object;
  for (const key of path) {
    if (!isObject(value) || !Object.hasOwn(value, key)) return null;
    value = value[key];
  }
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function labelsAt(object: Json, ...path: string[]): Record<string, string> | null {
  let value: unknown = object;
  for (const key of path) {
    if (!isObject(value) || !Object.hasOwn(value, key)) return null;
    value = value[key];
  }
  if (!isObject(value)) return null;
  const labels: Record<string, string> = {};
  for (const [key, label] of Object.entries(value)) {
    if (typeof label === 'string') labels[key] = label;
    else if (typeof label === 'number' || typeof label === 'boolean') labels[key] = String(label);
  }
  return labels;
}

const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

/** An ISO string from an RFC 3339 string or epoch seconds/milliseconds (Fluent Bit's `@timestamp`, `date`). */
function eventTime(value: unknown): string | null {
  let ms = NaN;
  if (typeof value === 'number') ms = value < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}/.test(value.trim()))
    ms = Date.parse(value.trim());
  if (!Number.isFinite(ms) || ms < EARLIEST || ms > LATEST) return null;
  return new Date(Math.round(ms)).toISOString();
}

function kindOf(event: Json, lineKey: 'message' | 'log'): EnvelopeKind {
  if (lineKey === 'log') return 'fluent-bit';
  if (Object.hasOwn(event, '@timestamp') || Object.hasOwn(event, 'ecs') || Object.hasOwn(event, 'agent'))
    return 'filebeat';
  return 'vector';
}

function fromEvent(event: Json): ShippedLine {
  const message = typeof event.message === 'string' ? event.message : null;
  const log = message === null && typeof event.log === 'string' ? event.log : null;
  const line = message ?? log;
  const time =
    eventTime(event['@timestamp']) ?? eventTime(event.timestamp) ?? eventTime(event.time) ?? eventTime(event.date);
  return {
    kind: line === null ? 'no-line' : kindOf(event, message !== null ? 'message' : 'log'),
    line,
    time,
    deploymentField:
      stringAt(event, 'deployment') ??
      stringAt(event, 'fields', 'deployment') ??
      stringAt(event, 'labels', 'deployment'),
    kubernetesLabels: labelsAt(event, 'kubernetes', 'pod_labels') ?? labelsAt(event, 'kubernetes', 'labels'),
    replica: replicaName(
      stringAt(event, 'kubernetes', 'pod_name') ??
        stringAt(event, 'kubernetes', 'pod', 'name') ??
        stringAt(event, 'host', 'name') ??
        stringAt(event, 'host') ??
        stringAt(event, 'hostname'),
    ),
  };
}

export function openShipperEnvelope(value: Buffer | string | null | undefined): ShippedLine {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : value.toString('utf8');
  const none = { time: null, deploymentField: null, kubernetesLabels: null, replica: null };
  if (text.trim() === '') return { kind: 'empty', line: null, ...none };
  if (text.trimStart().startsWith('{')) {
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch {
      event = undefined; // not JSON after all: taken as a raw line below
    }
    if (isObject(event)) return fromEvent(event);
  }
  return { kind: 'raw', line: text, ...none };
}
