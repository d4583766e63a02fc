import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** BK-CI T_NODE_TAGS: a node carries a tag value. */
@Entity('node_tags')
@Index('idx_node_tags_value', ['projectId', 'tagValueId'])
export class NodeTagEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  @PrimaryColumn({ type: 'integer' })
  nodeId: number;

  @PrimaryColumn({ type: 'integer' })
  tagValueId: number;

  @Column({ type: 'integer' })
  tagKeyId: number;
}
