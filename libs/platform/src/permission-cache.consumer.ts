import { Controller } from '@nestjs/common';
import { OnEvent, PROJECT_PERMISSIONS_CHANGED, TopicEvent } from '@bkci/contracts';
import { RemotePermissionChecker } from './remote-permission.checker';

/** Drops a project's cached permission answers when its members or groups change, in every instance. */
@Controller()
export class PermissionCacheConsumer {
  constructor(private readonly checker: RemotePermissionChecker) {}

  @OnEvent(PROJECT_PERMISSIONS_CHANGED, { queue: 'permission-cache', broadcast: true })
  async permissionsChanged(event: TopicEvent<typeof PROJECT_PERMISSIONS_CHANGED>): Promise<void> {
    this.checker.forgetProject(event.payload.projectId);
  }
}
