import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An agent came online or went offline (BK-CI T_ENVIRONMENT_THIRDPARTY_AGENT_ACTION). */
@Entity('third_party_agent_actions')
@Index('idx_third_party_agent_actions_agent', ['agentId', 'actionTime'])
export class AgentActionEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  /** The agent's row id. */
  @Column({ type: 'integer' })
  agentId: number;

  /** ONLINE or OFFLINE. */
  @Column({ type: 'varchar', length: 16 })
  action: string;

  @Column({ type: 'datetime' })
  actionTime: Date;
}
