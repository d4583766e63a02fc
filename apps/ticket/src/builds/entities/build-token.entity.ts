import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A token that lets one job of a build (or, without `vmSeqId`, the whole build) call the build APIs
 * until the job or the build ends. Only its hash is kept.
 */
@Entity('build_tokens')
@Index('idx_build_tokens_build', ['projectId', 'buildId'])
export class BuildTokenEntity {
  /** SHA-256 of the token, hex. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  pipelineId: string;

  @Column({ type: 'varchar', length: 64 })
  buildId: string;

  /** The job's container seq id for a job's token; null for a build-wide one. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  vmSeqId: string | null;

  /** Who started the build; reads are audited in their name. */
  @Column({ type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  /** Set when its job or build ends; the token is dead from then on. */
  @Column({ type: 'datetime', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
