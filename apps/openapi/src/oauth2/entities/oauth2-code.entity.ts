import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An authorization code a user approved. Only its SHA-256 is stored; it is single-use (usedAt) and
 * its id names the family of tokens issued from it, so a replayed code revokes them.
 */
@Entity('oauth2_codes')
export class Oauth2CodeEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Index('uq_oauth2_codes_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  codeHash: string;

  @Column({ type: 'varchar', length: 32 })
  appCode: string;

  @Column({ type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'varchar', length: 2048 })
  redirectUri: string;

  /** The granted scope entries, space-separated; null when not limited. */
  @Column({ type: 'varchar', length: 1024, nullable: true })
  scopes: string | null;

  /** PKCE (RFC 7636): the challenge and its method (`S256` or `plain`); null when the client sent none. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  codeChallenge: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  codeChallengeMethod: string | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  @Column({ type: 'datetime', nullable: true })
  usedAt: Date | null;
}
