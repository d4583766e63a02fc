import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A batch already stored, by its key (the agent's batch id, else a digest of its lines), with the line
 * numbers it got: a batch sent again (an agent retrying after a timeout) is answered from here and not
 * stored twice. Written in the transaction that stores the lines.
 */
@Entity('log_batches')
export class LogBatchEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  buildId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  batchKey: string;

  @Column({ type: 'integer' })
  firstLineNo: number;

  @Column({ type: 'integer' })
  lineCount: number;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
