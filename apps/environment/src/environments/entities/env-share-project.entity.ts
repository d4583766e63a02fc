import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** BK-CI T_ENV_SHARE_PROJECT: the projects an env is shared with; they name it `<mainProjectId>@<envName>`. */
@Entity('env_share_projects')
@Index('idx_env_share_projects_shared', ['sharedProjectId', 'mainProjectId', 'envName'])
export class EnvShareProjectEntity {
  @PrimaryColumn({ type: 'integer' })
  envId: number;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  mainProjectId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  sharedProjectId: string;

  @Column({ type: 'varchar', length: 128 })
  envName: string;

  @Column({ type: 'varchar', length: 1024 })
  sharedProjectName: string;

  /** PROJECT (BK-CI also knows GROUP, for project groups). */
  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 64 })
  creator: string;

  @Column({ type: 'datetime' })
  createTime: Date;

  @Column({ type: 'datetime' })
  updateTime: Date;
}
