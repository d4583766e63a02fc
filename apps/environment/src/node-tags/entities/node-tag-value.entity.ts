import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** BK-CI T_NODE_TAG_VALUES: one value of a tag key. */
@Entity('node_tag_values')
@Index('uk_node_tag_values_name', ['projectId', 'tagKeyId', 'valueName'], { unique: true })
export class NodeTagValueEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'integer' })
  tagKeyId: number;

  @Column({ type: 'varchar', length: 64 })
  valueName: string;

  @Column({ type: 'datetime' })
  createTime: Date;
}
