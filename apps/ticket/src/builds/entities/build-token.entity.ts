import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A token that lets one build's agent read its project's credentials until the build ends. Only its hash is kept. */
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

  /** Who started the build; reads are audited in their name. */
  @Column({ type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  /** Set when the build ends; the token is dead from then on. */
  @Column({ type: 'datetime', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
