import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Only the SHA-256 of a token is stored; the token itself is shown once, at creation. */
@Entity('personal_access_tokens')
@Index('idx_personal_access_tokens_user', ['userId'])
export class PersonalAccessTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Index('uq_personal_access_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  /** The first characters of the token, so a user can tell their tokens apart. */
  @Column({ type: 'varchar', length: 16 })
  tokenPrefix: string;

  @Column({ type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime', nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null;

  /** The token's scope entries (`scopeEntries`), space-separated; null when the token is not limited. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  scopes: string | null;
}
