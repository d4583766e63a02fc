import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An agent that may take a queued VM job (the job's agent, its env's agents, or the default pool). */
@Entity('pipeline_build_dispatch_agents')
@Index('idx_pipeline_build_dispatch_agents_agent', ['agentProjectId', 'agentId', 'queuedAt'])
export class BuildDispatchAgentEntity {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  buildId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  vmSeqId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  agentProjectId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  agentId: string;

  /** The job's queue time, so an agent takes the oldest job first. */
  @Column({ type: 'datetime' })
  queuedAt: Date;
}
