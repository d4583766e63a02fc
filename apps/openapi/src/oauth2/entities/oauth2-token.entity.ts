import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type Oauth2TokenKind = 'access' | 'refresh';

/** An OAuth2 access or refresh token; only its SHA-256 is stored, the token is shown once. */
@Entity('oauth2_tokens')
@Index('idx_oauth2_tokens_family', ['familyId'])
export class Oauth2TokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  kind: Oauth2TokenKind;

  @Index('uq_oauth2_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 32 })
  appCode: string;

  /** The user who approved; null for a client_credentials token, which acts as the app. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 32 })
  grantType: string;

  /** The scope entries, space-separated; null when not limited. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  scopes: string | null;

  /**
   * The authorization the token descends from (its code's id), shared by every token refreshed from
   * it; null for client_credentials. Revoking a family revokes them all.
   */
  @Column({ type: 'varchar', length: 32, nullable: true })
  familyId: string | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  /** A refresh token is used once: refreshing rotates it. */
  @Column({ type: 'datetime', nullable: true })
  usedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  revokedAt: Date | null;
}
