import { Injectable } from '@nestjs/common';
import { DeploymentRepository } from '@tokenmeter/db';
import { ReloadingCache } from '../reloading-cache';

/** A deployment registered or moved to another team counts for its new owner within this long. */
const REFRESH_MS = 1_000;

/** The owners the decode threads check with, and a version that changes only when they change. */
export interface DeploymentOwnersSnapshot {
  version: number;
  /** [deployment, team], sorted by deployment. */
  entries: ReadonlyArray<readonly [string, string]>;
}

/**
 * The owning team of every registered deployment, so that a record produced straight to Kafka may
 * name only a deployment of its own team (libs/contracts deployment-ownership.ts), as on HTTP.
 * Deployments are few (one per GPU pool), so the whole list is kept; reloaded every second.
 */
@Injectable()
export class DeploymentOwnersProvider {
  private readonly cache: ReloadingCache<DeploymentOwnersSnapshot>;

  constructor(private readonly deployments: DeploymentRepository) {
    this.cache = new ReloadingCache((previous) => this.load(previous));
  }

  current(): Promise<DeploymentOwnersSnapshot> {
    return this.cache.get(REFRESH_MS);
  }

  private async load(previous: DeploymentOwnersSnapshot | null): Promise<DeploymentOwnersSnapshot> {
    const owners = await this.deployments.owners();
    const entries = [...owners].sort(([a], [b]) => a.localeCompare(b));
    // The threads are sent the owners only when the version moves, so it moves only on a change.
    if (previous && sameEntries(previous.entries, entries)) return previous;
    return { version: (previous?.version ?? 0) + 1, entries };
  }
}

function sameEntries(a: DeploymentOwnersSnapshot['entries'], b: DeploymentOwnersSnapshot['entries']): boolean {
  return a.length === b.length && a.every(([name, team], i) => name === b[i]![0] && team === b[i]![1]);
}
