import { Controller } from '@nestjs/common';
import { OnEvent, STORE_VERSION_PUBLISHED, TopicEvent } from '@bkci/contracts';
import { TemplateMarketService } from './template-market.service';

/** Upgrades the installed copies of a template when a new version of it is published to the store. */
@Controller()
export class TemplateMarketConsumer {
  constructor(private readonly market: TemplateMarketService) {}

  @OnEvent(STORE_VERSION_PUBLISHED, { queue: 'template-store-upgrades' })
  async versionPublished(event: TopicEvent<typeof STORE_VERSION_PUBLISHED>): Promise<void> {
    await this.market.upgradeCopies(event.payload);
  }
}
