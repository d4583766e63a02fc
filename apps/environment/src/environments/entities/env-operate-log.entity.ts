import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** BK-CI EnvOperateContent: what changed (e.g. the env vars as JSON, secure values masked) and how many things. */
export interface EnvOperateContent {
  content: string | null;
  resourceCount: number | null;
}

/** BK-CI T_ENV_OPERATE_LOG: one change to an env, its settings or its members. */
@Entity('env_operate_logs')
@Index('idx_env_operate_logs_env', ['projectId', 'envId'])
export class EnvOperateLogEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'integer' })
  envId: number;

  /** BK-CI EnvOperateOrigin: WEB (the console), API (OpenAPI) or INTERNAL (another app). */
  @Column({ type: 'varchar', length: 32 })
  operateOrigin: string;

  @Column({ type: 'varchar', length: 64 })
  operateName: string;

  @Column({ type: 'json', nullable: true })
  operateContent: EnvOperateContent | null;

  @Column({ type: 'varchar', length: 64 })
  createdUser: string;

  @Column({ type: 'datetime' })
  createTime: Date;
}
