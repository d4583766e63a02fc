import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The sub-tags a task's lines used, in first-seen order (BK-CI T_LOG_SUBTAGS), for the console's tabs. */
@Entity('log_sub_tags')
export class LogSubTagEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  buildId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  tag: string;

  @Column({ type: 'simple-json' })
  subTags: string[];
}
