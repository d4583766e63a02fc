import { CreationColumns } from '@bkci/persistence';
import { Entity, Index, Column, PrimaryGeneratedColumn } from 'typeorm';

/** BK-CI's T_APP_CODE_PROJECT: an app may call the v4 API only in the projects it is bound to. */
@Entity('app_code_projects')
@Index('uq_app_code_projects_app_project', ['appCode', 'projectId'], { unique: true })
@Index('idx_app_code_projects_project', ['projectId'])
export class AppCodeProjectEntity extends CreationColumns {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  appCode: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;
}
