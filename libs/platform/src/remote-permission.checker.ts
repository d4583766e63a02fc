import { Injectable } from '@nestjs/common';
import { Action, AllowedResourcesByAction, PermissionChecker } from '@bkci/auth';
import { ProcessAuthClient } from '@bkci/clients';

interface CachedAnswer {
  allowed: boolean;
  expiresAt: number;
}

/**
 * Asks `process` and remembers answers briefly. A change of members or groups in a project
 * drops that project's answers at once (every instance hears the event), so the cache only
 * saves round-trips and never keeps a revoked permission alive (PermissionCacheConsumer).
 */
@Injectable()
export class RemotePermissionChecker extends PermissionChecker {
  private readonly cache = new Map<string, CachedAnswer>();

  constructor(
    private readonly client: ProcessAuthClient,
    private readonly cacheMs: number,
  ) {
    super();
  }

  async isAllowed(userId: string, projectId: string, action: Action, resourceCode?: string): Promise<boolean> {
    const key = `${projectId}\u0000${userId}\u0000${action}\u0000${resourceCode ?? ''}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.allowed;
    const allowed = await this.client.isAllowed(userId, projectId, action, resourceCode);
    if (this.cacheMs > 0) this.cache.set(key, { allowed, expiresAt: Date.now() + this.cacheMs });
    return allowed;
  }

  /** Not cached: a list changes with every resource created, not only with grants. */
  allowedResources(userId: string, projectId: string, actions: Action[]): Promise<AllowedResourcesByAction> {
    return this.client.allowedResources(userId, projectId, actions);
  }

  forgetProject(projectId: string): void {
    for (const key of this.cache.keys()) {
      if (key.startsWith(`${projectId}\u0000`)) this.cache.delete(key);
    }
  }
}
