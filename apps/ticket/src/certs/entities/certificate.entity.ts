import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { SealedRecord } from '../../crypto/sealed-record';

export type CertType = 'ios' | 'android' | 'enterprise' | 'tls';

/**
 * BK-CI T_CERT with T_CERT_ENTERPRISE and T_CERT_TLS folded in. The uploaded files are sealed
 * together (EnvelopeCipher, bound to project and cert id); what was read from them (expiry,
 * team, subject) is kept in the clear for listing.
 */
@Entity('certificates')
@Index('idx_certificates_expiry', ['projectId', 'expiresAt'])
export class CertificateEntity extends SealedRecord {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  certId: string;

  @Column({ type: 'varchar', length: 16 })
  certType: CertType;

  @Column({ type: 'varchar', length: 1024 })
  remark: string;

  /** The PASSWORD credential holding the p12 or keystore password (ios, android). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  credentialId: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  alias: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  aliasCredentialId: string | null;

  @Column({ type: 'varchar', length: 512 })
  subject: string;

  @Column({ type: 'varchar', length: 256, nullable: true })
  developerName: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  teamName: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  uuid: string | null;

  @Column({ type: 'datetime' })
  expiresAt: Date;

  /** Upload field → original file name. */
  @Column({ type: 'json' })
  fileNames: Record<string, string>;
}
