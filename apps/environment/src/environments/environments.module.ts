import { Module } from '@nestjs/common';
import { EnvelopeCipher, MasterKeyring } from '@bkci/secrets';
import { ENVIRONMENT_CONFIG, EnvironmentConfig } from '../environment.config';
import { NodeTagRepository } from '../node-tags/node-tag.repository';
import { NodeTagService } from '../node-tags/node-tag.service';
import { UserNodeTagController } from '../node-tags/user-node-tag.controller';
import { NodeService } from '../nodes/node.service';
import { NodesModule } from '../nodes/nodes.module';
import { ServiceNodeController } from '../nodes/service-node.controller';
import { UserNodeController } from '../nodes/user-node.controller';
import { EnvMembers } from './env-members.service';
import { EnvNodeRepository } from './env-node.repository';
import { EnvOperateLogRepository } from './env-operate-log.repository';
import { EnvOperateLogService } from './env-operate-log.service';
import { EnvShareRepository } from './env-share.repository';
import { EnvShareService } from './env-share.service';
import { EnvVarVault } from './env-var-vault';
import { EnvRepository } from './env.repository';
import { EnvService } from './env.service';
import { ServiceEnvironmentController } from './service-environment.controller';
import { UserEnvironmentController, UserEnvOperateLogController } from './user-environment.controller';

/**
 * Envs, their members, shares and history; the node lists and node tags beside them. Exports what
 * the agents feature and the engine-facing routes use: the members of envs, nodes, tags, RBAC.
 */
@Module({
  imports: [NodesModule],
  // UserEnvOperateLogController first: its `operateLog` would otherwise be taken for a project id.
  controllers: [UserEnvOperateLogController, UserEnvironmentController, UserNodeController, UserNodeTagController, ServiceEnvironmentController, ServiceNodeController],
  providers: [
    {
      provide: EnvelopeCipher,
      inject: [ENVIRONMENT_CONFIG.token],
      useFactory: (config: EnvironmentConfig) => new EnvelopeCipher(new MasterKeyring(config.keyring)),
    },
    EnvVarVault,
    EnvRepository,
    EnvNodeRepository,
    EnvShareRepository,
    EnvOperateLogRepository,
    NodeTagRepository,
    EnvService,
    EnvMembers,
    EnvShareService,
    EnvOperateLogService,
    NodeService,
    NodeTagService,
  ],
  exports: [EnvMembers, NodeService, NodeTagService],
})
export class EnvironmentsModule {}
