import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@bkci/persistence';
import { DomainEvent } from '../bus/domain-event';
import { ProcessedEventEntity } from './processed-event.entity';
import { OutboxService, OutboxTransaction } from './outbox.service';

/**
 * Applies an event at most once per consumer: the "processed" mark, the consumer's own writes
 * and any events it emits commit together, so a redelivered event (crash before ack, relay
 * re-send) changes nothing and a follow-up event is never lost or doubled.
 */
@Injectable()
export class IdempotentConsumer {
  constructor(private readonly outbox: OutboxService) {}

  /** Returns false when the event had already been applied by this consumer. */
  async apply(consumer: string, event: DomainEvent, work: (tx: OutboxTransaction) => Promise<void>): Promise<boolean> {
    try {
      return await this.outbox.transaction(async (tx) => {
        await tx.manager.insert(ProcessedEventEntity, { consumer, eventId: event.id, processedAt: new Date() });
        await work(tx);
        return true;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
