import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Marks an event as applied by one consumer, so a redelivery changes nothing. */
@Entity('processed_events')
export class ProcessedEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  consumer: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  eventId: string;

  @Column({ type: 'datetime' })
  processedAt: Date;
}
