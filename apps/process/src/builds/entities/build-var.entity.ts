import { Column, Entity, PrimaryColumn } from 'typeorm';

/** BK-CI's T_PIPELINE_BUILD_VAR: a build's variables, values at most 4000 characters. */
@Entity('pipeline_build_vars')
export class BuildVarEntity {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  buildId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 34 })
  pipelineId: string;

  @Column({ type: 'varchar', length: 4000 })
  value: string;

  /** The startup param's BuildFormPropertyType; null for the engine's own variables. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  varType: string | null;

  @Column({ type: 'boolean' })
  readOnly: boolean;
}
