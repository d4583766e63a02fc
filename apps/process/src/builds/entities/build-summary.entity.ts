import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The per-pipeline counters of BK-CI's T_PIPELINE_BUILD_SUMMARY: the last build number given (debug
 * builds of drafts counted apart) and the recommended version's current build number (BuildNo).
 */
@Entity('pipeline_build_summaries')
export class BuildSummaryEntity {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  pipelineId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'integer' })
  buildNum: number;

  @Column({ type: 'integer' })
  debugBuildNum: number;

  /** Null until a build of a version with a recommended version (`buildNo`) starts. */
  @Column({ type: 'integer', nullable: true })
  buildNo: number | null;
}
