import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { createEvent, DomainEvent } from '../bus/domain-event';
import { OutboxEventEntity } from './outbox-event.entity';
import { OutboxRelay } from './outbox-relay';

/** Lets a transaction emit events: they are stored with the data and published after commit. */
export interface OutboxTransaction {
  manager: EntityManager;
  emit<T>(type: string, payload: T): DomainEvent<T>;
}

@Injectable()
export class OutboxService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly relay: OutboxRelay,
    private readonly source: string,
  ) {}

  /**
   * Runs `work` in one database transaction; events it emits are written in that same
   * transaction, so either the change and its events are both stored or neither is.
   */
  async transaction<T>(work: (tx: OutboxTransaction) => Promise<T>): Promise<T> {
    let emitted = 0;
    const result = await this.dataSource.transaction(async (manager) => {
      const pending: DomainEvent[] = [];
      const value = await work({
        manager,
        emit: (type, payload) => {
          const event = createEvent(type, this.source, payload);
          pending.push(event);
          return event;
        },
      });
      if (pending.length > 0) {
        await manager.insert(OutboxEventEntity, pending.map(toRow));
      }
      emitted = pending.length;
      return value;
    });
    if (emitted > 0) this.relay.nudge();
    return result;
  }
}

function toRow(event: DomainEvent): Partial<OutboxEventEntity> {
  return {
    id: event.id,
    type: event.type,
    body: JSON.stringify(event),
    createdAt: new Date(event.occurredAt),
    publishedAt: null,
    attempts: 0,
    lastError: null,
  };
}
