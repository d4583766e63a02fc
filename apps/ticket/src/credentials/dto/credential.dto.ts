import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageQueryDto } from '@bkci/core';
import type { ResourcePermissions } from '@bkci/platform';
import { CREDENTIAL_TYPES, CredentialType } from '../credential-types';

/** BK-CI's Permission query values (lower-cased), each an action on credentials. */
export const TICKET_PERMISSIONS = ['create', 'delete', 'list', 'view', 'edit', 'use'] as const;
export type TicketPermission = (typeof TICKET_PERMISSIONS)[number];

/** BK-CI's rule for credential names: letters, digits, CJK, '_', '-', '.'. */
const NAME = /^[a-zA-Z0-9_\u4e00-\u9fa5.-]+$/;
const NAME_RULE = 'credentialName may hold letters, digits, Chinese characters, "_", "-" and "."';
/** BK-CI takes a blank credentialName (spaces too) as none given: the credential is then named by its id. */
const BlankAsAbsent = () => Transform(({ value }) => (typeof value === 'string' && value.trim() === '' ? undefined : value));

/** The slots are checked per type by validateSlots, which names the slot and its key; here only their kind. */
class CredentialValues {
  @ApiProperty() @IsOptional() @IsString() v1?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() v2?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() v3?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() v4?: string;
}

/** BK-CI CredentialCreate. The id's own rules (length, characters) give BK-CI's error codes in the service. */
export class CreateCredentialDto extends CredentialValues {
  @ApiProperty({ example: 'git_token' }) @IsString() credentialId: string;

  @ApiPropertyOptional({ description: 'blank: the credentialId' }) @IsOptional() @BlankAsAbsent() @Length(1, 64) @Matches(NAME, { message: NAME_RULE }) credentialName?: string;

  @ApiProperty({ enum: CREDENTIAL_TYPES })
  @IsIn(CREDENTIAL_TYPES, { message: `credentialType must be one of ${CREDENTIAL_TYPES.join(', ')}` })
  credentialType: CredentialType;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1024) credentialRemark?: string;
}

/**
 * BK-CI CredentialUpdate, which replaces the name and remark as BK-CI does (a blank name becomes the
 * credentialId, no remark an empty one); a slot sent as "******" or left empty keeps its stored value.
 */
export class UpdateCredentialDto extends CredentialValues {
  @ApiPropertyOptional({ description: 'blank: the credentialId' }) @IsOptional() @BlankAsAbsent() @Length(1, 64) @Matches(NAME, { message: NAME_RULE }) credentialName?: string;

  @ApiProperty({ enum: CREDENTIAL_TYPES })
  @IsIn(CREDENTIAL_TYPES, { message: `credentialType must be one of ${CREDENTIAL_TYPES.join(', ')}` })
  credentialType: CredentialType;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1024) credentialRemark?: string;
}

export class CredentialSettingDto {
  @ApiProperty() @IsBoolean() allowAcrossProject: boolean;
}

export class ListCredentialsDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'comma-separated types, e.g. PASSWORD,SSH_PRIVATEKEY' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter((type) => type !== '') : value))
  @IsIn(CREDENTIAL_TYPES, { each: true, message: `each of credentialTypes must be one of ${CREDENTIAL_TYPES.join(', ')}` })
  credentialTypes?: CredentialType[];

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 64) keyword?: string;
}

/** BK-CI hasPermissionList's query: the credentials the caller may do `permission` on (BK-CI's Permission enum). */
export class HasPermissionListDto extends PageQueryDto {
  @ApiProperty({ enum: TICKET_PERMISSIONS.map((permission) => permission.toUpperCase()) })
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsIn(TICKET_PERMISSIONS, { message: `permission must be one of ${TICKET_PERMISSIONS.map((permission) => permission.toUpperCase()).join(', ')}` })
  permission: TicketPermission;

  @ApiPropertyOptional({ description: 'comma-separated types, e.g. PASSWORD,SSH_PRIVATEKEY' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').filter((type) => type !== '') : value))
  @IsIn(CREDENTIAL_TYPES, { each: true, message: `each of credentialTypes must be one of ${CREDENTIAL_TYPES.join(', ')}` })
  credentialTypes?: CredentialType[];

  @ApiPropertyOptional({ description: 'matches ids and remarks containing it' }) @IsOptional() @IsString() @Length(0, 64) keyword?: string;
}

/** BK-CI Credential: one row of hasPermissionList, values masked. */
export interface CredentialSummary {
  credentialId: string;
  credentialName: string;
  credentialType: CredentialType;
  credentialRemark: string;
  v1: string | null;
  v2: string | null;
  v3: string | null;
  v4: string | null;
  updatedTime: number;
  updateUser: string;
  createUser: string;
}

/** BK-CI CredentialWithPermission: values masked, with what the caller may do. */
export interface CredentialView extends CredentialSummary {
  projectId: string;
  permissions: ResourcePermissions;
  allowAcrossProject: boolean;
  createTime: number;
}

/** Plaintext values, by slot and by BK-CI key name (what a build step sees as settings.<id>.<key>). */
export interface CredentialPlaintext {
  credentialId: string;
  credentialType: CredentialType;
  v1: string | null;
  v2: string | null;
  v3: string | null;
  v4: string | null;
  values: Record<string, string>;
}
