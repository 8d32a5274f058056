// A deployment's log lines form one series per replica and engine: each vLLM replica logs as `Engine 000`
// (and each SGLang rank as its own), so the gap a line's rate is multiplied by is measured to the previous line
// of the same replica and engine, and its sample and usage row are keyed by both. Two pods logging 5 s apart
// each read as half their 10 s window (152,500 output tokens of 300,000), and two in the same second as one
// line resent. The replica is what the log shipper named: a `tokenmeter-replica` header (a shipper that sends
// the bare signed line sets it), else the pod or host in its event; "" when it named none.

/** The replica a line came from ("" when its shipper named none). */
export type Replica = string;

/** Where a record came from, as the consumer attaches it. */
export interface FromReplica {
  replica?: Replica;
}

export const replicaOf = (record: FromReplica): Replica => record.replica ?? '';

/** The header a shipper may name the replica in (Vector: `.headers."tokenmeter-replica" = .kubernetes.pod_name`). */
export const REPLICA_HEADER = 'tokenmeter-replica';

/** A replica name as stored: up to 253 printable ASCII characters (a DNS name's most), else none. */
export function replicaName(value: string | null | undefined): Replica | null {
  return typeof value === 'string' && value.length <= 253 && /^[\x21-\x7e]+$/.test(value) ? value : null;
}

/** One series' key: its replica and engine (or SGLang rank). */
export const logSeriesKey = (replica: Replica, engine: number): string => `${replica}\u0000${engine}`;

/** A usage id's "who" part with its replica in front, unchanged without one (old ids stay the same). */
export const withReplica = (replica: Replica, who: string): string => (replica === '' ? who : `${replica}/${who}`);
