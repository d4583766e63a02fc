import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SealedRecord } from '../../crypto/sealed-record';

/**
 * BK-CI T_CREDENTIAL, with the four value slots sealed together (EnvelopeCipher): `ciphertext`
 * holds the JSON of v1..v4 under the row's own data key, `wrappedKey` that data key under master key `keyId`.
 */
@Entity('credentials')
export class CredentialEntity extends SealedRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  credentialId: string;

  @Column({ type: 'varchar', length: 64 })
  credentialName: string;

  @Column({ type: 'varchar', length: 64 })
  credentialType: string;

  @Column({ type: 'varchar', length: 1024 })
  remark: string;

  @Column({ type: 'boolean' })
  allowAcrossProject: boolean;

  /** Which slots hold a value, so masked reads need no decryption. */
  @Column({ type: 'json' })
  filledSlots: string[];
}
