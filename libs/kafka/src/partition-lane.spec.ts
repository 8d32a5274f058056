import { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { MicroBatch } from './micro-batch';
import { PartitionLane, PartitionLaneOptions } from './partition-lane';

/** A micro-batch of offsets [from, to]. */
function batch(from: number, to: number): MicroBatch {
  const messages = Array.from({ length: to - from + 1 }, (_, i) => ({ offset: String(from + i) }) as KafkaMessage);
  return { topic: 't', partition: 0, messages };
}

const range = (b: MicroBatch) => `${b.messages[0]!.offset}-${b.messages[b.messages.length - 1]!.offset}`;

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A lane whose steps are written to `log`; `state` steers generation, stopping and failures. */
function lane(overrides: Partial<PartitionLaneOptions<string>> = {}) {
  const log: string[] = [];
  const state = { generation: 1, stopping: false };
  const subject = new PartitionLane<string>({
    depth: 2,
    maxBackoffMs: 20,
    prepare: async (b) => {
      log.push(`prepare ${range(b)}`);
      return range(b);
    },
    handle: async (b, prepared) => {
      log.push(`handle ${prepared}`);
    },
    commit: async (b) => {
      log.push(`commit ${range(b)}`);
    },
    isCurrent: (generation) => generation === state.generation,
    isStopping: () => state.stopping,
    onFailure: (stage, error) => log.push(`${stage} failed: ${(error as Error).message}`),
    ...overrides,
  });
  return { subject, log, state };
}

/** A lane whose handling of offsets 0-9 waits until `gate` is resolved. */
function laneHeldAtFirst(overrides: Partial<PartitionLaneOptions<string>> = {}) {
  const gate = deferred();
  const made = lane({
    handle: async (b) => {
      made.log.push(`handle ${range(b)}`);
      if (range(b) === '0-9') await gate.promise;
    },
    ...overrides,
  });
  return { ...made, gate };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('PartitionLane', () => {
  it('handles and commits micro-batches in offset order, preparing the next while one is handled', async () => {
    const { subject, log, gate } = laneHeldAtFirst();
    subject.push(batch(0, 9), 1);
    subject.push(batch(10, 19), 1);
    await tick();
    // The second is prepared while the first is still being stored; nothing is committed yet.
    expect(log).toEqual(['prepare 0-9', 'prepare 10-19', 'handle 0-9']);
    expect(subject.hasRoom).toBe(false);
    gate.resolve();
    await subject.idle();
    expect(log).toEqual(['prepare 0-9', 'prepare 10-19', 'handle 0-9', 'commit 0-9', 'handle 10-19', 'commit 10-19']);
    expect(subject.size).toBe(0);
  });

  it('prepares only the next micro-batch ahead, however many are queued', async () => {
    const { subject, log, gate } = laneHeldAtFirst({ depth: 4 });
    for (let from = 0; from < 40; from += 10) subject.push(batch(from, from + 9), 1);
    await tick();
    expect(log).toEqual(['prepare 0-9', 'prepare 10-19', 'handle 0-9']);
    gate.resolve();
    await subject.idle();
    expect(log.filter((line) => line.startsWith('prepare'))).toEqual([
      'prepare 0-9',
      'prepare 10-19',
      'prepare 20-29',
      'prepare 30-39',
    ]);
    expect(log.filter((line) => line.startsWith('commit'))).toEqual([
      'commit 0-9',
      'commit 10-19',
      'commit 20-29',
      'commit 30-39',
    ]);
  });

  it('retries a failed micro-batch, preparing it again, and commits nothing past it until it succeeds', async () => {
    let failures = 2;
    const { subject, log } = lane({
      handle: async (b, prepared) => {
        log.push(`handle ${prepared}`);
        if (range(b) === '0-9' && failures-- > 0) throw new Error('database down');
      },
    });
    subject.push(batch(0, 9), 1);
    subject.push(batch(10, 19), 1);
    await subject.idle();
    expect(log.filter((line) => !line.startsWith('prepare'))).toEqual([
      'handle 0-9',
      'handle failed: database down',
      'handle 0-9',
      'handle failed: database down',
      'handle 0-9',
      'commit 0-9',
      'handle 10-19',
      'commit 10-19',
    ]);
    expect(log.filter((line) => line === 'prepare 0-9')).toHaveLength(3);
  });

  it('after a rebalance, drops what was queued and commits nothing of the old generation', async () => {
    const { subject, log, state, gate } = laneHeldAtFirst();
    subject.push(batch(0, 9), 1);
    subject.push(batch(10, 19), 1);
    await tick();
    state.generation = 2;
    subject.dropQueued();
    // The new generation fetches again from the committed offset.
    subject.push(batch(0, 9), 2);
    gate.resolve();
    await subject.idle();
    expect(log.filter((line) => !line.startsWith('prepare'))).toEqual(['handle 0-9', 'handle 0-9', 'commit 0-9']);
  });

  it('gives up a failing micro-batch on shutdown and commits nothing after it', async () => {
    const { subject, log, state } = lane({
      handle: async (b) => {
        log.push(`handle ${range(b)}`);
        if (range(b) === '0-9') throw new Error('database down');
      },
    });
    subject.push(batch(0, 9), 1);
    subject.push(batch(10, 19), 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    state.stopping = true;
    await subject.idle();
    expect(log.some((line) => line.startsWith('commit'))).toBe(false);
    expect(log).not.toContain('handle 10-19');
    expect(subject.size).toBe(0);
  });

  it('a failed commit is retried', async () => {
    let failures = 1;
    const { subject, log } = lane({
      commit: async (b) => {
        log.push(`commit ${range(b)}`);
        if (failures-- > 0) throw new Error('coordinator moved');
      },
    });
    subject.push(batch(0, 9), 1);
    await subject.idle();
    expect(log.filter((line) => !line.startsWith('prepare'))).toEqual([
      'handle 0-9',
      'commit 0-9',
      'commit failed: coordinator moved',
      'commit 0-9',
    ]);
  });

  it('starts again for a micro-batch queued as it runs dry, even from a waiter it wakes', async () => {
    const { subject, log } = lane();
    subject.push(batch(0, 9), 1);
    // Queued the moment the first leaves: the loop may be ending right then.
    void subject.changed(10_000).then(() => subject.push(batch(10, 19), 1));
    await subject.idle();
    await tick();
    await subject.idle();
    expect(log.filter((line) => line.startsWith('commit'))).toEqual(['commit 0-9', 'commit 10-19']);
  });

  it('wakes a waiting fetch loop when a micro-batch leaves', async () => {
    const gate = deferred();
    const { subject } = lane({ handle: () => gate.promise });
    subject.push(batch(0, 9), 1);
    subject.push(batch(10, 19), 1);
    let woke = false;
    const waiting = subject.changed(10_000).then(() => {
      woke = true;
    });
    await tick();
    expect(woke).toBe(false);
    gate.resolve();
    await waiting;
    expect(woke).toBe(true);
    await subject.idle();
  });
});
