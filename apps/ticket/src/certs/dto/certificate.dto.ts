import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageQueryDto } from '@bkci/core';
import type { ResourcePermissions } from '@bkci/platform';
import { CertType } from '../entities/certificate.entity';

export const CERT_TYPES: CertType[] = ['ios', 'android', 'enterprise', 'tls'];
const CREDENTIAL_ID = /^[0-9a-zA-Z_]{1,40}$/;

/** The text fields of an upload (multipart form); which ones a type needs is checked per type. */
export class CertificateFormDto {
  @ApiProperty() @IsString() certId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1024) certRemark?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(CREDENTIAL_ID, { message: 'credentialId must name a credential of this project' }) credentialId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) alias?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(CREDENTIAL_ID, { message: 'aliasCredentialId must name a credential of this project' }) aliasCredentialId?: string;
}

export class CertTypeParams {
  @ApiProperty() @Matches(/^[a-z][a-z0-9-]{1,31}$/, { message: 'projectId must be a project id' }) projectId: string;
  @ApiProperty({ enum: CERT_TYPES }) @IsIn(CERT_TYPES, { message: `the certificate type must be one of ${CERT_TYPES.join(', ')}` }) certType: CertType;
}

export class CertIdQueryDto {
  @ApiProperty() @IsString() certId: string;
}

export class ListCertificatesDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CERT_TYPES }) @IsOptional() @IsIn(CERT_TYPES, { message: `certType must be one of ${CERT_TYPES.join(', ')}` }) certType?: CertType;
}

export class ExpiringQueryDto {
  @ApiPropertyOptional({ default: 30 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(3650) withinDays?: number;
}

/** An uploaded file as multer hands it over. */
export interface UploadedCertFile {
  fieldname: string;
  originalname: string;
  buffer: Buffer;
}

/** The uploads by form field; a certificate type reads the fields it knows and ignores the rest. */
export type UploadedCertFiles = Partial<Record<string, UploadedCertFile[]>>;

export function byField(files: UploadedCertFile[] | undefined): UploadedCertFiles {
  const grouped: UploadedCertFiles = {};
  for (const file of files ?? []) (grouped[file.fieldname] ??= []).push(file);
  return grouped;
}

/**
 * BK-CI's CertIOSInfo, CertAndroidInfo, CertEnterpriseInfo and CertTlsInfo: what the console's
 * edit form loads, and posts back field by field (the file names it shows, not the files).
 */
export type CertificateDetail =
  | { certId: string; p12FileName: string | null; mobileProvisionFileName: string | null; credentialId: string | null; remark: string }
  | { certId: string; jksFileName: string | null; credentialId: string | null; alias: string | null; aliasCredentialId: string | null; remark: string }
  | { certId: string; mobileProvisionFileName: string | null; remark: string }
  | { certId: string; serverCrtFileName: string | null; serverKeyFileName: string | null; clientCrtFileName: string | null; clientKeyFileName: string | null; remark: string };

/** BK-CI CertWithPermission, extended with what was read from the files. */
export interface CertificateView {
  projectId: string;
  certId: string;
  certType: CertType;
  certRemark: string;
  credentialId: string | null;
  alias: string | null;
  aliasCredentialId: string | null;
  subject: string;
  developerName: string | null;
  teamName: string | null;
  uuid: string | null;
  expireTime: number;
  fileNames: Record<string, string>;
  creator: string;
  createTime: number;
  updateUser: string;
  updateTime: number;
  permissions: ResourcePermissions;
}
