import { CreationColumns } from '@bkci/persistence';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Only the SHA-256 of a secret is stored; the secret itself is shown once, at creation. */
@Entity('third_party_app_secrets')
@Index('idx_third_party_app_secrets_app', ['appCode'])
export class ThirdPartyAppSecretEntity extends CreationColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  appCode: string;

  @Index('uq_third_party_app_secrets_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  secretHash: string;

  /** The first characters of the secret, so an operator can tell which one a client holds. */
  @Column({ type: 'varchar', length: 16 })
  secretPrefix: string;

  @Column({ type: 'datetime', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'datetime', nullable: true })
  revokedAt: Date | null;
}
