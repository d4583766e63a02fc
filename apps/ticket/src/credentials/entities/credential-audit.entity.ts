import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One plaintext read of a credential, by a user or by a build. */
@Entity('credential_audits')
@Index('idx_credential_audits_credential', ['projectId', 'credentialId', 'createdAt'])
@Index('idx_credential_audits_build', ['buildId'])
export class CredentialAuditEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 40 })
  credentialId: string;

  /** USER (a person through the console or API), BUILD (an agent with a build token) or SERVICE (another app). */
  @Column({ type: 'varchar', length: 8 })
  readerType: 'USER' | 'BUILD' | 'SERVICE';

  /** The user; for a build, the user who started it; for a service, the user it acts for. */
  @Column({ type: 'varchar', length: 64 })
  userId: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  buildId: string | null;

  /** The project of the build when it read another project's credential (allowAcrossProject). */
  @Column({ type: 'varchar', length: 64, nullable: true })
  buildProjectId: string | null;

  /** The app that read it, for SERVICE reads. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  serviceName: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  clientIp: string | null;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
