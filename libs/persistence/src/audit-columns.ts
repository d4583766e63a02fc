import { Column } from 'typeorm';

/*
 * The bookkeeping columns BK-CI puts on its tables (CREATOR, MODIFIER, CREATE_TIME, UPDATE_TIME), declared
 * once. Entities extend the narrowest class that fits: append-only rows carry who made them and when,
 * rows that change also carry who changed them last, and rows written with a compare-and-set carry the
 * revision every write bumps.
 */

/** Who made a row and when. */
export abstract class CreationColumns {
  @Column({ type: 'varchar', length: 64 })
  creator: string;

  @Column({ type: 'datetime' })
  createdAt: Date;
}

/** Who made and who last changed a row, and when. */
export abstract class AuditColumns extends CreationColumns {
  @Column({ type: 'varchar', length: 64 })
  updater: string;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}

/**
 * The audit columns plus `revision`: writers compare-and-set on it and bump it with every write. It
 * has no default; each insert says which revision its row starts at.
 */
export abstract class RevisedAuditColumns extends AuditColumns {
  @Column({ type: 'integer' })
  revision: number;
}
