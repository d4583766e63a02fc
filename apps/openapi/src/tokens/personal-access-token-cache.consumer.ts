import { Controller } from '@nestjs/common';
import { OnEvent, PERSONAL_ACCESS_TOKEN_REVOKED, TopicEvent } from '@bkci/contracts';
import { PersonalAccessTokenService } from './personal-access-token.service';

/** Every gateway replica forgets a revoked personal access token, so it is refused at once everywhere. */
@Controller()
export class PersonalAccessTokenCacheConsumer {
  constructor(private readonly tokens: PersonalAccessTokenService) {}

  @OnEvent(PERSONAL_ACCESS_TOKEN_REVOKED, { queue: 'personal-access-token-cache', broadcast: true })
  async tokenRevoked(event: TopicEvent<typeof PERSONAL_ACCESS_TOKEN_REVOKED>): Promise<void> {
    this.tokens.forget(event.payload.tokenId);
  }
}
