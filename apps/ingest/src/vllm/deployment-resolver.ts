// The deployments the vLLM log consumer matches messages against, cached: reloaded every 30 s, and
// at most every 5 s when a message names one the cache does not know (a deployment created a
// moment ago). A failed reload keeps the previous list; with none yet, the batch is retried.
import { Injectable } from '@nestjs/common';
import { DeploymentRepository, StoredDeployment } from '@tokenmeter/db';

const REFRESH_MS = 30_000;
const MISS_REFRESH_MS = 5_000;

export type KnownDeployments = ReadonlyMap<string, StoredDeployment>;

@Injectable()
export class DeploymentResolver {
  private known: KnownDeployments | null = null;
  private loadedAt = 0;
  private loading: Promise<KnownDeployments> | null = null;

  constructor(private readonly deployments: DeploymentRepository) {}

  /** The cached deployments by name, reloaded when older than 30 s. */
  current(): Promise<KnownDeployments> {
    return this.reloadIfOlderThan(REFRESH_MS);
  }

  /** After a miss: a fresher list if the cache is older than 5 s, else the same one. */
  afterMiss(): Promise<KnownDeployments> {
    return this.reloadIfOlderThan(MISS_REFRESH_MS);
  }

  private async reloadIfOlderThan(ms: number): Promise<KnownDeployments> {
    if (this.known && Date.now() - this.loadedAt <= ms) return this.known;
    this.loading ??= this.load().finally(() => (this.loading = null));
    try {
      this.known = await this.loading;
      this.loadedAt = Date.now();
    } catch (error) {
      if (!this.known) throw error;
    }
    return this.known;
  }

  private async load(): Promise<KnownDeployments> {
    const all = await this.deployments.list();
    return new Map(all.map((deployment) => [deployment.name, deployment]));
  }
}
