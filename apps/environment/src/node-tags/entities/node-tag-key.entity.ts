import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** BK-CI T_NODE_TAG_KEY: a label name of a project's nodes. */
@Entity('node_tag_keys')
@Index('uk_node_tag_keys_name', ['projectId', 'keyName'], { unique: true })
export class NodeTagKeyEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 64 })
  keyName: string;

  /** Whether one node may carry several values of this key. */
  @Column({ type: 'boolean' })
  allowMulValues: boolean;

  @Column({ type: 'datetime' })
  createTime: Date;
}
