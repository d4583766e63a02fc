import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Action } from '@bkci/auth';

/** A named set of actions in one project: the three built-in roles or a custom group. */
@Entity('project_groups')
export class ProjectGroupEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  groupCode: string;

  @Column({ type: 'varchar', length: 64 })
  groupName: string;

  @Column({ type: 'varchar', length: 512, default: '' })
  description: string;

  @Column({ type: 'simple-json' })
  actions: Action[];

  @Column({ type: 'boolean', default: false })
  builtIn: boolean;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
