import { RevisedAuditColumns } from '@bkci/persistence';
import { Column } from 'typeorm';

/**
 * The columns of a row holding one sealed secret (EnvelopeCipher): `ciphertext` under the row's own
 * data key, `wrappedKey` that data key under master key `keyId`; with the audit columns and the
 * compare-and-set revision. Credentials and certificates extend it.
 */
export abstract class SealedRecord extends RevisedAuditColumns {
  @Column({ type: 'varchar', length: 32 })
  keyId: string;

  @Column({ type: 'text' })
  wrappedKey: string;

  /** A JSON string, so MariaDB stores it as LONGTEXT: sealed certificate files outgrow TEXT's 64 KiB. */
  @Column({ type: 'json' })
  ciphertext: string;
}
