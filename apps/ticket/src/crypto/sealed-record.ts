import { AuditColumns } from '@bkci/persistence';
import { Column } from 'typeorm';

/**
 * The columns of a row holding one sealed secret (EnvelopeCipher): `ciphertext` under the row's own
 * data key, `wrappedKey` that data key under master key `keyId`; with the compare-and-set revision
 * and the audit columns. Credentials and certificates extend it.
 */
export abstract class SealedRecord extends AuditColumns {
  @Column({ type: 'varchar', length: 32 })
  keyId: string;

  @Column({ type: 'text' })
  wrappedKey: string;

  /** A JSON string, so MariaDB stores it as LONGTEXT: sealed certificate files outgrow TEXT's 64 KiB. */
  @Column({ type: 'json' })
  ciphertext: string;

  /** Bumped by every write; updates compare-and-set on it. */
  @Column({ type: 'integer' })
  revision: number;
}
