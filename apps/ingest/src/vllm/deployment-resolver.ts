// The deployments the vLLM log consumer matches messages against, cached: reloaded every 30 s, and
// at most every 5 s when a message names one the cache does not know (a deployment created a
// moment ago). A failed reload keeps the previous list; with none yet, the batch is retried.
import { Injectable } from '@nestjs/common';
import { DeploymentRepository, StoredDeployment } from '@tokenmeter/db';
import { ReloadingCache } from '../reloading-cache';

const REFRESH_MS = 30_000;
const MISS_REFRESH_MS = 5_000;

export type KnownDeployments = ReadonlyMap<string, StoredDeployment>;

@Injectable()
export class DeploymentResolver {
  private readonly cache: ReloadingCache<KnownDeployments>;

  constructor(deployments: DeploymentRepository) {
    this.cache = new ReloadingCache<KnownDeployments>(async () => {
      const all = await deployments.list();
      return new Map(all.map((deployment) => [deployment.name, deployment]));
    });
  }

  /** The cached deployments by name, reloaded when older than 30 s. */
  current(): Promise<KnownDeployments> {
    return this.cache.get(REFRESH_MS);
  }

  /** After a miss: a fresher list if the cache is older than 5 s, else the same one. */
  afterMiss(): Promise<KnownDeployments> {
    return this.cache.get(MISS_REFRESH_MS);
  }
}
