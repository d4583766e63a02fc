import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreationColumns } from '@bkci/persistence';

@Entity('projects')
export class ProjectEntity extends CreationColumns {
  /** BK-CI's englishName (project code): the id every other app stores. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 64 })
  projectName: string;

  @Column({ type: 'varchar', length: 1024, default: '' })
  description: string;

  @Column({ type: 'integer', default: 0 })
  projectType: number;

  @Column({ type: 'integer', default: 0 })
  bgId: number;

  @Column({ type: 'varchar', length: 255, default: '' })
  bgName: string;

  @Column({ type: 'integer', default: 0 })
  deptId: number;

  @Column({ type: 'varchar', length: 255, default: '' })
  deptName: string;

  @Column({ type: 'integer', default: 0 })
  centerId: number;

  @Column({ type: 'varchar', length: 255, default: '' })
  centerName: string;

  @Column({ type: 'boolean', default: false })
  secrecy: boolean;

  @Column({ type: 'integer', default: 0 })
  kind: number;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
