import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** BK-CI T_ENV_NODE: a node's static membership of an env, which can be disabled without leaving it. */
@Entity('env_nodes')
@Index('idx_env_nodes_node', ['nodeId'])
export class EnvNodeEntity {
  @PrimaryColumn({ type: 'integer' })
  envId: number;

  @PrimaryColumn({ type: 'integer' })
  nodeId: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'boolean' })
  enableNode: boolean;
}
