import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { NodeStatus, NodeType } from '../node-types';

/**
 * BK-CI T_NODE, the columns a THIRDPARTY node uses. `nodeHashId` is the Hashids form of `nodeId`
 * (written right after the insert that assigns the id); a deleted node keeps its row with status DELETED.
 */
@Entity('nodes')
@Index('idx_nodes_project', ['projectId', 'nodeStatus'])
export class NodeEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  nodeId: number;

  @Column({ type: 'varchar', length: 64 })
  nodeHashId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  /** BK-CI's `BUILD_<nodeHashId>_<ip>` for agents. */
  @Column({ type: 'varchar', length: 255 })
  nodeStringId: string;

  @Column({ type: 'varchar', length: 64 })
  nodeIp: string;

  @Column({ type: 'varchar', length: 128 })
  nodeName: string;

  @Column({ type: 'varchar', length: 64 })
  nodeStatus: NodeStatus;

  @Column({ type: 'varchar', length: 64 })
  nodeType: NodeType;

  @Column({ type: 'varchar', length: 128 })
  displayName: string;

  @Column({ type: 'varchar', length: 128 })
  osName: string;

  /** LINUX, MACOS or WINDOWS for agents (BK-CI's OS enum). */
  @Column({ type: 'varchar', length: 64 })
  osType: string;

  @Column({ type: 'varchar', length: 128 })
  agentVersion: string;

  @Column({ type: 'varchar', length: 64 })
  createdUser: string;

  @Column({ type: 'datetime' })
  createdTime: Date;

  @Column({ type: 'varchar', length: 64 })
  lastModifyUser: string;

  @Column({ type: 'datetime' })
  lastModifyTime: Date;

  /** How many pipeline jobs name this node (BK-CI PIPELINE_REF_COUNT). */
  @Column({ type: 'integer' })
  pipelineRefCount: number;

  @Column({ type: 'datetime', nullable: true })
  lastBuildTime: Date | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  lastBuildPipelineId: string | null;
}
