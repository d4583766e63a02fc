import { Injectable } from '@nestjs/common';
import { BuildContext, Caller, PermissionChecker } from '@bkci/auth';
import { Page, resolvePaging, toPage } from '@bkci/core';
import { isUniqueViolation } from '@bkci/persistence';
import { CredentialReader, RequestOrigin } from '../credentials/credential-reader';
import { SecretVault } from '../crypto/secret-vault';
import { validateTicketId } from '../ticket-ids';
import { ProjectResources, ResourcePermissions } from '@bkci/platform';
import { TicketError, TicketErrorCode } from '../ticket.errors';
import { CertificateRepository } from './certificate.repository';
import { CERT_FILES, CertPasswords, inspectCertificate } from './certificate-inspection';
import { CertificateDetail, CertificateFormDto, CertificateView, ListCertificatesDto, UploadedCertFiles } from './dto/certificate.dto';
import { CertificateEntity, CertType } from './entities/certificate.entity';

/** Each upload field's file content, base64: what is sealed. */
type CertFiles = Record<string, string>;

/** A certificate's files as a build gets them (BK-CI CertIOS / CertAndroid / CertEnterprise, plaintext over TLS). */
export interface CertificateForBuild {
  certId: string;
  certType: CertType;
  credentialId: string | null;
  alias: string | null;
  aliasCredentialId: string | null;
  files: Array<{ field: string; fileName: string; content: string }>;
}

/** Certificates: uploads are opened and checked before anything is stored, then sealed. */
@Injectable()
export class CertificateService {
  constructor(
    private readonly vault: SecretVault,
    private readonly credentials: CredentialReader,
    private readonly permissions: PermissionChecker,
    private readonly resources: ProjectResources,
    private readonly certificates: CertificateRepository,
  ) {}

  mayCreate(caller: Caller, projectId: string): Promise<boolean> {
    return this.permissions.allows(caller, projectId, 'cert_create');
  }

  /** Creates a certificate; its creator becomes its manager, and if that fails nothing is kept. */
  async create(caller: Caller, projectId: string, certType: CertType, form: CertificateFormDto, uploads: UploadedCertFiles, origin: RequestOrigin): Promise<CertificateView> {
    validateTicketId('certId', form.certId);
    const row = await this.prepare(caller, projectId, certType, form, uploads, {}, origin);
    try {
      await this.certificates.add(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new TicketError(TicketErrorCode.CERT_EXISTS, `Certificate ${form.certId} already exists in ${projectId}`, { certId: form.certId });
      throw error;
    }
    await this.resources.registerCreated(projectId, 'cert', form.certId, caller.userId, () => this.certificates.remove(projectId, form.certId));
    return this.view(row, { view: true, edit: true, delete: true, use: true });
  }

  /** Replaces a certificate; files not sent again are kept, and everything is checked again. */
  async update(caller: Caller, projectId: string, certType: CertType, form: CertificateFormDto, uploads: UploadedCertFiles, origin: RequestOrigin): Promise<CertificateView> {
    await this.permissions.assertAllowed(caller, projectId, 'cert_edit', form.certId);
    const current = await this.require(projectId, form.certId, certType);
    const stored = this.vault.open<CertFiles>('cert', projectId, current.certId, current);
    const next = await this.prepare(caller, projectId, certType, form, uploads, { files: stored, fileNames: current.fileNames }, origin);
    const updated = { ...next, creator: current.creator, createdAt: current.createdAt, revision: current.revision + 1 };
    if (!(await this.certificates.compareAndSet(current, updated))) {
      throw new TicketError(TicketErrorCode.CONCURRENT_UPDATE, `Certificate ${current.certId} changed meanwhile; reload it and try again`);
    }
    return this.view(updated, await this.resources.permissionsOn(caller, projectId, 'cert', current.certId));
  }

  async delete(caller: Caller, projectId: string, certId: string): Promise<void> {
    if (!(await this.certificates.remove(projectId, certId))) throw notFound(projectId, certId);
    await this.resources.forgetDeleted(projectId, 'cert', certId, caller.userId);
  }

  /** BK-CI's detail of one certificate of `certType`, in that type's shape. */
  async detail(projectId: string, certId: string, certType: CertType): Promise<CertificateDetail> {
    const row = await this.require(projectId, certId, certType);
    const name = (field: string) => row.fileNames[field] ?? null;
    switch (certType) {
      case 'ios':
        return { certId, p12FileName: name('fileP12'), mobileProvisionFileName: name('fileMobileProvision'), credentialId: row.credentialId, remark: row.remark };
      case 'android':
        return { certId, jksFileName: name('fileJks'), credentialId: row.credentialId, alias: row.alias, aliasCredentialId: row.aliasCredentialId, remark: row.remark };
      case 'enterprise':
        return { certId, mobileProvisionFileName: name('fileMobileProvision'), remark: row.remark };
      case 'tls':
        return { certId, serverCrtFileName: name('serverCrt'), serverKeyFileName: name('serverKey'), clientCrtFileName: name('clientCrt'), clientKeyFileName: name('clientKey'), remark: row.remark };
    }
  }

  /** The certificates the caller may list; with `expiringBefore`, only those expiring by then, soonest first. */
  async list(caller: Caller, projectId: string, query: ListCertificatesDto, expiringBefore?: Date): Promise<Page<CertificateView>> {
    const { listable, permissionsOn } = await this.resources.forList(caller, projectId, 'cert');
    const paging = resolvePaging(query);
    const [rows, count] = await this.certificates.page(projectId, { codes: listable, certType: query.certType, expiringBefore }, paging);
    return toPage(rows.map((row) => this.view(row, permissionsOn(row.certId))), count, paging);
  }

  /** A build fetching a certificate of its own project. */
  async readForBuild(build: BuildContext, certType: CertType, certId: string): Promise<CertificateForBuild> {
    const row = await this.require(build.projectId, certId, certType);
    const files = this.vault.open<CertFiles>('cert', row.projectId, row.certId, row);
    return {
      certId: row.certId,
      certType: row.certType,
      credentialId: row.credentialId,
      alias: row.alias,
      aliasCredentialId: row.aliasCredentialId,
      files: Object.entries(files).map(([field, content]) => ({ field, fileName: row.fileNames[field] ?? field, content })),
    };
  }

  private async require(projectId: string, certId: string, certType?: CertType): Promise<CertificateEntity> {
    const row = await this.certificates.byId(projectId, certId);
    if (!row || (certType !== undefined && row.certType !== certType)) throw notFound(projectId, certId, certType);
    return row;
  }

  /** The row an upload makes: required fields present, passwords read (audited), files opened, files sealed. */
  private async prepare(
    caller: Caller,
    projectId: string,
    certType: CertType,
    form: CertificateFormDto,
    uploads: UploadedCertFiles,
    kept: { files?: CertFiles; fileNames?: Record<string, string> },
    origin: RequestOrigin,
  ): Promise<CertificateEntity> {
    const spec = CERT_FILES[certType];
    const files: CertFiles = { ...kept.files };
    const fileNames: Record<string, string> = { ...kept.fileNames };
    for (const field of [...spec.required, ...spec.optional]) {
      const sent = uploads[field] ?? [];
      if (sent.length > 1) throw fieldInvalid(field, `${field} was sent more than once`);
      const upload = sent[0];
      if (!upload) continue;
      files[field] = upload.buffer.toString('base64');
      fileNames[field] = upload.originalname.slice(0, 255);
    }
    for (const field of spec.required) {
      if (files[field] === undefined) throw fieldInvalid(field, `${field} is required for a ${certType} certificate`);
    }
    if (certType === 'android' && !form.alias) throw fieldInvalid('alias', 'alias is required for an android certificate: the key entry to sign with');
    const passwords: CertPasswords = {};
    for (const field of spec.credentials) {
      const credentialId = form[field];
      if (!credentialId) throw fieldInvalid(field, `${field} is required for a ${certType} certificate: the PASSWORD credential holding its password`);
      passwords[field] = await this.password(caller, projectId, field, credentialId, origin);
    }
    const buffers = Object.fromEntries(Object.entries(files).map(([field, content]) => [field, Buffer.from(content, 'base64')]));
    const details = inspectCertificate(certType, buffers, passwords, form.alias);
    const now = new Date();
    return {
      projectId,
      certId: form.certId,
      certType,
      remark: form.certRemark ?? '',
      credentialId: form.credentialId ?? null,
      alias: certType === 'android' ? (form.alias ?? null) : null,
      aliasCredentialId: certType === 'android' ? (form.aliasCredentialId ?? null) : null,
      subject: details.subject.slice(0, 512),
      developerName: details.developerName,
      teamName: details.teamName,
      uuid: details.uuid,
      expiresAt: details.expiresAt,
      fileNames,
      ...this.vault.seal('cert', projectId, form.certId, files),
      revision: 0,
      creator: caller.userId,
      updater: caller.userId,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** The password a certificate's credential holds; reading it needs use on it and is audited like any plaintext read. */
  private async password(caller: Caller, projectId: string, field: string, credentialId: string, origin: RequestOrigin): Promise<string> {
    const credential = await this.credentials.readAsUser(caller, projectId, credentialId, origin).catch((error: unknown) => {
      if (error instanceof TicketError && error.code === TicketErrorCode.CREDENTIAL_NOT_FOUND) throw fieldInvalid(field, `${field}: credential ${credentialId} does not exist in ${projectId}`);
      throw error;
    });
    if (credential.credentialType !== 'PASSWORD' || credential.v1 === null) throw fieldInvalid(field, `${field}: credential ${credentialId} must be of type PASSWORD`);
    return credential.v1;
  }

  private view(row: CertificateEntity, permissions: ResourcePermissions): CertificateView {
    return {
      projectId: row.projectId,
      certId: row.certId,
      certType: row.certType,
      certRemark: row.remark,
      credentialId: row.credentialId,
      alias: row.alias,
      aliasCredentialId: row.aliasCredentialId,
      subject: row.subject,
      developerName: row.developerName,
      teamName: row.teamName,
      uuid: row.uuid,
      expireTime: row.expiresAt.getTime(),
      fileNames: row.fileNames,
      creator: row.creator,
      createTime: row.createdAt.getTime(),
      updateUser: row.updater,
      updateTime: row.updatedAt.getTime(),
      permissions,
    };
  }
}

function fieldInvalid(field: string, message: string): TicketError {
  return new TicketError(TicketErrorCode.FIELD_INVALID, message, { field });
}

function notFound(projectId: string, certId: string, certType?: CertType): TicketError {
  return new TicketError(TicketErrorCode.CERT_NOT_FOUND, `Certificate ${certId}${certType ? ` of type ${certType}` : ''} does not exist in ${projectId}`, { certId });
}
