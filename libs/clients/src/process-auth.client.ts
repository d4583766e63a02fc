import { Injectable } from '@nestjs/common';
import { Action, AllowedResourcesByAction, ResourceType } from '@bkci/auth';
import { ALLOWED_RESOURCES, FORGET_RESOURCE, REGISTER_RESOURCE, VALIDATE_PERMISSION } from '@bkci/contracts';
import { ServiceClient } from './service-client';

/** The RBAC questions other apps ask `process`, which owns projects, members and resource groups. */
@Injectable()
export class ProcessAuthClient {
  constructor(private readonly client: ServiceClient) {}

  isAllowed(userId: string, projectId: string, action: Action, resourceCode?: string): Promise<boolean> {
    return this.client.call(VALIDATE_PERMISSION, { projectId }, {
      onBehalfOf: userId,
      query: { userId, action, ...(resourceCode === undefined ? {} : { resourceCode }) },
    });
  }

  allowedResources(userId: string, projectId: string, actions: Action[]): Promise<AllowedResourcesByAction> {
    return this.client.call(ALLOWED_RESOURCES, { projectId }, {
      onBehalfOf: userId,
      query: { userId, actions: actions.join(',') },
    });
  }

  /** The creator of a new resource becomes its manager. */
  async registerResource(projectId: string, resourceType: ResourceType, resourceCode: string, creator: string): Promise<void> {
    await this.client.call(REGISTER_RESOURCE, { projectId, resourceType, resourceCode }, { onBehalfOf: creator, body: { creator } });
  }

  async forgetResource(projectId: string, resourceType: ResourceType, resourceCode: string, userId: string): Promise<void> {
    await this.client.call(FORGET_RESOURCE, { projectId, resourceType, resourceCode }, { onBehalfOf: userId });
  }
}
