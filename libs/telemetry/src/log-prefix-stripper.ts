// Removes what shippers and vLLM's process wrappers put around a log line, keeping what they tell
// us (a full timestamp, the process name, Ray's repeat count). Prefixes nest in any order, e.g.
// `vllm-1  | 2026-11-27T10:15:30Z (APIServer pid=7) INFO 11-27 …`, so stripping loops.
import { matchRecordHead } from './log-record-head';
import { matchRfc3339, monthFromName, type YearlessTime } from './log-time';

export interface StrippedLine {
  /** The line without prefixes, suffix, ANSI colours and control characters. */
  text: string;
  /** From an RFC 3339 shipper timestamp (docker/kubectl `--timestamps`, Vector, Fluent Bit). */
  shipperTime: string | null;
  /** From a journald prefix, which has no year. */
  journaldTime: YearlessTime | null;
  /** `APIServer`, `EngineCore_DP0`, `RayWorkerWrapper`, … from `(Name pid=N)`. */
  process: string | null;
  /** Ray's `[repeated Nx across cluster]`; 1 otherwise. */
  repeated: number;
}

// ESC [ … final byte, and OSC sequences; then C0 controls except tab.
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f\ufeff]/g;

const DOCKER_COMPOSE = /^[A-Za-z0-9][\w.-]{0,127}[ \t]*\|[ \t]?/;
const KUBECTL_PREFIX = /^\[pod\/[^\s/\]]{1,253}\/[^\s\]]{1,253}\][ \t]?/;
// Spaces may be missing where a wrapped line was trimmed at the wrap (`… 10:15:30 h` / `vllm[1]: …`).
const JOURNALD = new RegExp(
  String.raw`^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[ \t]*(\d{1,2})[ \t]*(\d{2}):(\d{2}):(\d{2})` +
    String.raw`[ \t]*\S{1,253}?[ \t]*[^\s[:]{1,128}(?:\[\d{1,10}\])?:[ \t]?`,
);
// `(APIServer pid=1234)`, `(EngineCore_DP0 pid=5678)`, `(RayWorkerWrapper pid=12, ip=10.0.0.2)`, `(pid=12)`.
const PROCESS_TAG =
  /^\((?:([A-Za-z_][\w.-]{0,63})[ \t]+)?((?:[\w.-]{1,32}=[^\s,()]{1,64}(?:,[ \t]*|[ \t]+)?){1,6})\)[ \t]*/;
const RAY_REPEATED = /[ \t]*\[repeated (\d{1,9})x across cluster\][ \t]*$/;
// A Kubernetes pod (and stern's container) name in front of the line: only taken off when what
// follows is recognisably a log line, because a bare word could be the line itself.
const POD_NAME = /^[a-z0-9](?:[a-z0-9-]{0,251}[a-z0-9])?(?:\.[a-z0-9-]{1,63})*[ \t]+/;

function startsLikeRecord(text: string): boolean {
  return matchRecordHead(text) !== null || matchRfc3339(text) !== null || PROCESS_TAG.test(text);
}

export function stripLogPrefixes(raw: string): StrippedLine {
  let text = raw.replace(ANSI, '').replace(CONTROL, '');
  let shipperTime: string | null = null;
  let journaldTime: YearlessTime | null = null;
  let process: string | null = null;
  let repeated = 1;

  const ray = RAY_REPEATED.exec(text);
  if (ray) {
    repeated = Math.max(1, Number(ray[1]));
    text = text.slice(0, ray.index);
  }

  for (let round = 0; round < 8; round++) {
    const before = text;
    text = text.replace(/^[ \t]+/, '');
    if (matchRecordHead(text)) break;

    const time = matchRfc3339(text);
    if (time) {
      shipperTime ??= time.iso;
      text = text.slice(time.length);
      continue;
    }
    const tag = PROCESS_TAG.exec(text);
    if (tag) {
      process ??= tag[1] ?? null;
      text = text.slice(tag[0].length);
      continue;
    }
    const journald = JOURNALD.exec(text);
    if (journald) {
      journaldTime ??= {
        month: monthFromName(journald[1]) ?? 1,
        day: Number(journald[2]),
        hour: Number(journald[3]),
        minute: Number(journald[4]),
        second: Number(journald[5]),
        millisecond: 0,
      };
      text = text.slice(journald[0].length);
      continue;
    }
    const kubectl = KUBECTL_PREFIX.exec(text);
    if (kubectl) {
      text = text.slice(kubectl[0].length);
      continue;
    }
    const compose = DOCKER_COMPOSE.exec(text);
    if (compose) {
      text = text.slice(compose[0].length);
      continue;
    }
    const pod = POD_NAME.exec(text);
    if (pod) {
      const rest = text.slice(pod[0].length);
      if (startsLikeRecord(rest)) {
        text = rest;
        continue;
      }
      const container = POD_NAME.exec(rest); // stern: `pod container message`
      if (container && startsLikeRecord(rest.slice(container[0].length))) {
        text = rest.slice(container[0].length);
        continue;
      }
    }
    if (text === before) break;
  }

  return { text, shipperTime, journaldTime, process, repeated };
}
