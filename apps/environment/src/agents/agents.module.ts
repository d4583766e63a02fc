import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@bkci/config';
import { EnvelopeCipher, MasterKeyring } from '@bkci/secrets';
import { ENVIRONMENT_CONFIG, EnvironmentConfig } from '../environment.config';
import { EnvironmentsModule } from '../environments/environments.module';
import { NodesModule } from '../nodes/nodes.module';
import { AgentEnvVault } from './agent-env-vault';
import { AgentHistoryRepository } from './agent-history.repository';
import { AgentInstallService } from './agent-install.service';
import { AgentLivenessChecker } from './agent-liveness.checker';
import { AgentManageService } from './agent-manage.service';
import { AgentNodesDeletedConsumer } from './agent-nodes-deleted.consumer';
import { AgentPollService } from './agent-poll.service';
import { AgentQueryService } from './agent-query.service';
import { AgentStateService } from './agent-state.service';
import { AgentWorkReadyConsumer } from './agent-work-ready.consumer';
import { AGENTS_CONFIG } from './agents.config';
import { BuildAgentController } from './build-agent.controller';
import { AgentActionEntity } from './entities/agent-action.entity';
import { AgentOfflinePeriodEntity } from './entities/agent-offline-period.entity';
import { ThirdPartyAgentEntity } from './entities/third-party-agent.entity';
import { ExternalAgentController } from './external-agent.controller';
import { LocalAgentService } from './local-agent.service';
import { OpAgentController } from './op-agent.controller';
import { ServiceAgentController } from './service-agent.controller';
import { ThirdPartyAgentRepository } from './third-party-agent.repository';
import { UserAgentController } from './user-agent.controller';

/** The tables of this module, for the app's schema. */
export const AGENT_ENTITIES = [ThirdPartyAgentEntity, AgentActionEntity, AgentOfflinePeriodEntity];

/** Third-party build agents: install, the agent's own calls, liveness, the long poll, and what users and the engine ask. */
@Module({
  imports: [NodesModule, EnvironmentsModule],
  controllers: [BuildAgentController, ExternalAgentController, UserAgentController, ServiceAgentController, OpAgentController, AgentWorkReadyConsumer, AgentNodesDeletedConsumer],
  providers: [
    // The section is read here, beside the feature, so a wrong setting stops the app at start as the app's own sections do.
    { provide: AGENTS_CONFIG.token, inject: [APP_CONFIG], useFactory: (config: AppConfig) => AGENTS_CONFIG.load(config) },
    // environment's master keys, as its env vars use them.
    { provide: EnvelopeCipher, inject: [ENVIRONMENT_CONFIG.token], useFactory: (config: EnvironmentConfig) => new EnvelopeCipher(new MasterKeyring(config.keyring)) },
    AgentEnvVault,
    ThirdPartyAgentRepository,
    AgentHistoryRepository,
    AgentStateService,
    AgentInstallService,
    AgentManageService,
    AgentQueryService,
    AgentPollService,
    AgentLivenessChecker,
    LocalAgentService,
  ],
})
export class AgentsModule {}
