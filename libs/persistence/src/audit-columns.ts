import { Column } from 'typeorm';

/**
 * Who created and last changed a row, and when (BK-CI's CREATOR, MODIFIER, CREATE_TIME, UPDATE_TIME).
 * Entities extend it rather than repeat the four columns. The compare-and-set `revision` is not
 * here: its default differs between the tables that have one, and changing it needs a migration.
 */
export abstract class AuditColumns {
  @Column({ type: 'varchar', length: 64 })
  creator: string;

  @Column({ type: 'varchar', length: 64 })
  updater: string;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
