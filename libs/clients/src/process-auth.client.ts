import { Injectable } from '@nestjs/common';
import { Action, AllowedResourcesByAction, ResourceType } from '@bkci/auth';
import { ServiceClient } from './service-client';

/** The RBAC questions other apps ask `process`, which owns projects, members and resource groups. */
@Injectable()
export class ProcessAuthClient {
  constructor(private readonly client: ServiceClient) {}

  isAllowed(userId: string, projectId: string, action: Action, resourceCode?: string): Promise<boolean> {
    return this.client.request<boolean>('process', 'GET', `/api/service/auth/permission/projects/${encodeURIComponent(projectId)}/validate`, {
      onBehalfOf: userId,
      query: { userId, action, ...(resourceCode === undefined ? {} : { resourceCode }) },
    });
  }

  allowedResources(userId: string, projectId: string, actions: Action[]): Promise<AllowedResourcesByAction> {
    return this.client.request<AllowedResourcesByAction>('process', 'GET', `/api/service/auth/permission/projects/${encodeURIComponent(projectId)}/actions/instance/map`, {
      onBehalfOf: userId,
      query: { userId, actions: actions.join(',') },
    });
  }

  /** The creator of a new resource becomes its manager. */
  async registerResource(projectId: string, resourceType: ResourceType, resourceCode: string, creator: string): Promise<void> {
    await this.client.request<boolean>('process', 'POST', resourcePath(projectId, resourceType, resourceCode), { onBehalfOf: creator, body: { creator } });
  }

  async forgetResource(projectId: string, resourceType: ResourceType, resourceCode: string, userId: string): Promise<void> {
    await this.client.request<boolean>('process', 'DELETE', resourcePath(projectId, resourceType, resourceCode), { onBehalfOf: userId });
  }
}

function resourcePath(projectId: string, resourceType: ResourceType, resourceCode: string): string {
  return `/api/service/auth/resource/${[projectId, resourceType, resourceCode].map(encodeURIComponent).join('/')}`;
}
