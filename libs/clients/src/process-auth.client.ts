import { Injectable } from '@nestjs/common';
import { Action } from '@bkci/auth';
import { ServiceClient } from './service-client';

/** The RBAC questions other apps ask `process`, which owns projects and their members. */
@Injectable()
export class ProcessAuthClient {
  constructor(private readonly client: ServiceClient) {}

  isAllowed(userId: string, projectId: string, action: Action): Promise<boolean> {
    return this.client.request<boolean>(
      'process',
      'GET',
      `/api/service/auth/permission/projects/${encodeURIComponent(projectId)}/validate`,
      { onBehalfOf: userId, query: { userId, action } },
    );
  }
}
