import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@bkci/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { DomainEvent } from '../bus/domain-event';
import { ProcessedEventEntity } from './processed-event.entity';

/**
 * Applies an event at most once per consumer: the "processed" mark and the consumer's own
 * writes commit together, so a redelivered event (crash before ack, relay re-send) is skipped.
 */
@Injectable()
export class IdempotentConsumer {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns false when the event had already been applied by this consumer. */
  async apply(consumer: string, event: DomainEvent, work: (manager: EntityManager) => Promise<void>): Promise<boolean> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.insert(ProcessedEventEntity, { consumer, eventId: event.id, processedAt: new Date() });
        await work(manager);
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
