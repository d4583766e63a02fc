import { Injectable } from '@nestjs/common';
import { ServiceClient } from '@bkci/clients';
import { MINT_BUILD_TOKEN, REVOKE_JOB_TOKEN } from '@bkci/contracts';

/** The engine acts, not a user: ticket's token routes only need a service caller. */
const ON_BEHALF_OF = 'process';

/** A job that starts: its build, who started the build, and the job's container seq id. */
export interface JobTokenRequest {
  projectId: string;
  pipelineId: string;
  buildId: string;
  userId: string;
  vmSeqId: string;
}

/**
 * The job's build token, from ticket: minted when the job starts (the agent sends it on every
 * `/build/...` call of the job), revoked when the job ends. The build's end revokes what is left
 * (REVOKE_BUILD_TOKENS).
 */
@Injectable()
export class BuildTokensClient {
  constructor(private readonly client: ServiceClient) {}

  mintJobToken(job: JobTokenRequest): Promise<{ token: string; expiresAt: string }> {
    return this.client.call(MINT_BUILD_TOKEN, {}, { onBehalfOf: ON_BEHALF_OF, body: job });
  }

  /** How many tokens it revoked (0 when the job had none left). */
  async revokeJobToken(projectId: string, buildId: string, vmSeqId: string): Promise<number> {
    const { revoked } = await this.client.call(REVOKE_JOB_TOKEN, { projectId, buildId, vmSeqId }, { onBehalfOf: ON_BEHALF_OF });
    return revoked;
  }
}
