import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A stretch of time an agent was offline; open (no onlineTime) while it still is. */
@Entity('third_party_agent_offline_periods')
@Index('idx_third_party_agent_offline_periods_agent', ['agentId', 'offlineTime'])
export class AgentOfflinePeriodEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  /** The agent's row id. */
  @Column({ type: 'integer' })
  agentId: number;

  @Column({ type: 'datetime' })
  offlineTime: Date;

  @Column({ type: 'datetime', nullable: true })
  onlineTime: Date | null;

  @Column({ type: 'integer', nullable: true })
  durationSeconds: number | null;
}
