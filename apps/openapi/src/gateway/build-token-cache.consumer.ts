import { Controller } from '@nestjs/common';
import { BUILD_TOKENS_REVOKED, OnEvent, TopicEvent } from '@bkci/contracts';
import { BuildTokenVerifier } from './build-token-verifier';

/** Every gateway instance forgets the tokens of a build or a job that ended, so they are refused at once. */
@Controller()
export class BuildTokenCacheConsumer {
  constructor(private readonly verifier: BuildTokenVerifier) {}

  @OnEvent(BUILD_TOKENS_REVOKED, { queue: 'build-token-cache', broadcast: true })
  async tokensRevoked(event: TopicEvent<typeof BUILD_TOKENS_REVOKED>): Promise<void> {
    this.verifier.forgetTokens(event.payload);
  }
}
