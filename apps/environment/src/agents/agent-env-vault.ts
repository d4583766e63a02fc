import { Injectable } from '@nestjs/common';
import { DecryptionError, EnvelopeCipher } from '@bkci/secrets';
import { AgentError, AgentErrorCode } from './agent.errors';
import { AgentEnvVar, ThirdPartyAgentEntity } from './entities/third-party-agent.entity';
import { AgentPatch } from './third-party-agent.repository';

/**
 * An agent's env vars at rest: the list keeps names, flags and plain values; the values of secure
 * ones are sealed together, bound to the agent's row, so a ciphertext opens only in that row.
 */
@Injectable()
export class AgentEnvVault {
  constructor(private readonly cipher: EnvelopeCipher) {}

  /** What to store for `envs`: the list with secure values blanked, and the sealed secure values (none: no ciphertext). */
  seal(agent: ThirdPartyAgentEntity, envs: AgentEnvVar[]): AgentPatch {
    const secure = Object.fromEntries(envs.filter((env) => env.secure).map((env) => [env.name, env.value]));
    const listed = envs.map((env) => (env.secure ? { ...env, value: '' } : env));
    if (Object.keys(secure).length === 0) return { agentEnvs: listed, envsKeyId: null, envsWrappedKey: null, envsCiphertext: null };
    const sealed = this.cipher.seal(Buffer.from(JSON.stringify(secure), 'utf8'), binding(agent));
    return { agentEnvs: listed, envsKeyId: sealed.keyId, envsWrappedKey: sealed.wrappedKey, envsCiphertext: sealed.ciphertext };
  }

  /** The env vars with every value, secure ones opened. */
  open(agent: ThirdPartyAgentEntity): AgentEnvVar[] {
    const envs = agent.agentEnvs ?? [];
    if (agent.envsKeyId === null || agent.envsWrappedKey === null || agent.envsCiphertext === null) return envs;
    let secure: Record<string, string>;
    try {
      const sealed = { keyId: agent.envsKeyId, wrappedKey: agent.envsWrappedKey, ciphertext: agent.envsCiphertext };
      secure = JSON.parse(this.cipher.open(sealed, binding(agent)).toString('utf8')) as Record<string, string>;
    } catch (error) {
      if (!(error instanceof DecryptionError)) throw error;
      throw new AgentError(
        AgentErrorCode.DECRYPTION_FAILED,
        `The secure env vars of agent ${agent.agentId} cannot be decrypted (${error.message}); the stored data was altered or its master key is missing`,
      );
    }
    return envs.map((env) => (env.secure ? { ...env, value: secure[env.name] ?? '' } : env));
  }
}

function binding(agent: ThirdPartyAgentEntity): string {
  return JSON.stringify(['agent-envs', agent.projectId, agent.id]);
}
