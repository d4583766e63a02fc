import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An event written in the same transaction as the change it describes, waiting to be published. */
@Entity('outbox_events')
@Index('idx_outbox_events_unpublished', ['publishedAt', 'id'])
export class OutboxEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 128 })
  type: string;

  /** The whole DomainEvent as JSON. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 512, nullable: true })
  lastError: string | null;
}
