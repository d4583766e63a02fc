import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Where a VM job stands with the agents: waiting for one, running on one, or done. */
export type DispatchStatus = 'QUEUE' | 'RUNNING' | 'DONE';

/**
 * One VM job run handed to the agents (BK-CI T_DISPATCH_THIRDPARTY_AGENT_BUILD). QUEUE: any of its
 * candidate agents (BuildDispatchAgentEntity) may take it; RUNNING: `agentId` took it and its worker
 * heartbeats; DONE: the job ended. `cancelTaskIds` are the steps the worker must kill (BK-CI keeps
 * them in a Redis list); `revision` makes every change a compare-and-set.
 */
@Entity('pipeline_build_dispatches')
@Index('idx_pipeline_build_dispatches_status', ['status', 'queuedAt'])
@Index('idx_pipeline_build_dispatches_agent', ['agentProjectId', 'agentId', 'status'])
export class BuildDispatchEntity {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  buildId: string;

  /** The job's container seq id. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  vmSeqId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 34 })
  pipelineId: string;

  @Column({ type: 'varchar', length: 64 })
  containerHashId: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  jobId: string | null;

  @Column({ type: 'integer' })
  executeCount: number;

  @Column({ type: 'varchar', length: 16 })
  status: DispatchStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  agentProjectId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  agentId: string | null;

  /** The job's workspace setting (BK-CI thirdPartyWorkspace); null: the agent's folder for the pipeline. */
  @Column({ type: 'varchar', length: 512, nullable: true })
  workspace: string | null;

  @Column({ type: 'datetime' })
  queuedAt: Date;

  /** Past it a job no agent took ends QUEUE_TIMEOUT. */
  @Column({ type: 'datetime' })
  queueTimeoutAt: Date;

  @Column({ type: 'datetime', nullable: true })
  claimedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  lastHeartbeatAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'json' })
  cancelTaskIds: string[];

  @Column({ type: 'integer' })
  revision: number;
}
