import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Page } from '@bkci/core';
import type { ResourcePermissions } from '@bkci/platform';
import { CREDENTIAL_TYPES, CredentialType } from '../credential-types';
import type { CredentialPlaintext, CredentialSummary, CredentialView } from './credential.dto';

/*
 * The credential reads' answers as the API document shows them (the SDK's types). Each implements
 * the answer's interface, so the compiler catches a field added there and not here. None carries a
 * value but CredentialPlaintext, the answer of `/show`: elsewhere the slots are masked.
 */

const MASKED_SLOT = { type: String, nullable: true, description: '****** when the slot holds a value, null when it is empty' } as const;

@ApiSchema({ name: 'CredentialSummary', description: 'A credential as the permission list shows it, values masked. Times are epoch ms' })
export class CredentialSummaryDto implements CredentialSummary {
  @ApiProperty() credentialId: string;
  @ApiProperty() credentialName: string;
  @ApiProperty({ enum: CREDENTIAL_TYPES }) credentialType: CredentialType;
  @ApiProperty() credentialRemark: string;
  @ApiProperty(MASKED_SLOT) v1: string | null;
  @ApiProperty(MASKED_SLOT) v2: string | null;
  @ApiProperty(MASKED_SLOT) v3: string | null;
  @ApiProperty(MASKED_SLOT) v4: string | null;
  @ApiProperty({ type: 'integer' }) updatedTime: number;
  @ApiProperty() updateUser: string;
  @ApiProperty() createUser: string;
}

@ApiSchema({ name: 'CredentialPermissions', description: 'What the caller may do with a credential' })
export class CredentialPermissionsDto implements ResourcePermissions {
  @ApiProperty() view: boolean;
  @ApiProperty() edit: boolean;
  @ApiProperty() delete: boolean;
  @ApiProperty() use: boolean;
}

@ApiSchema({ name: 'Credential', description: 'A credential, values masked, with what the caller may do with it (BK-CI CredentialWithPermission). Times are epoch ms' })
export class CredentialViewDto extends CredentialSummaryDto implements CredentialView {
  @ApiProperty() projectId: string;
  @ApiProperty({ type: CredentialPermissionsDto }) permissions: CredentialPermissionsDto;
  @ApiProperty({ description: "Whether other projects' builds may use it" }) allowAcrossProject: boolean;
  @ApiProperty({ type: 'integer' }) createTime: number;
}

@ApiSchema({ name: 'CredentialPage', description: "A page of a project's credentials, newest first, values masked" })
export class CredentialPageDto implements Page<CredentialView> {
  @ApiProperty({ type: 'integer', description: 'How many credentials match, over all pages' }) count: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
  @ApiProperty({ type: 'integer' }) totalPages: number;
  @ApiProperty({ type: [CredentialViewDto] }) records: CredentialViewDto[];
}

@ApiSchema({ name: 'CredentialSummaryPage', description: 'A page of the credentials the caller has a permission on, values masked' })
export class CredentialSummaryPageDto implements Page<CredentialSummary> {
  @ApiProperty({ type: 'integer', description: 'How many credentials match, over all pages' }) count: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
  @ApiProperty({ type: 'integer' }) totalPages: number;
  @ApiProperty({ type: [CredentialSummaryDto] }) records: CredentialSummaryDto[];
}

@ApiSchema({ name: 'CredentialPlaintext', description: "A credential's values in plaintext: the answer of `/show` only, which is audited" })
export class CredentialPlaintextDto implements CredentialPlaintext {
  @ApiProperty() credentialId: string;
  @ApiProperty({ enum: CREDENTIAL_TYPES }) credentialType: CredentialType;
  @ApiProperty({ type: String, nullable: true }) v1: string | null;
  @ApiProperty({ type: String, nullable: true }) v2: string | null;
  @ApiProperty({ type: String, nullable: true }) v3: string | null;
  @ApiProperty({ type: String, nullable: true }) v4: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: "The same values by BK-CI's key name (what a step reads as settings.<id>.<key>)" }) values: Record<string, string>;
}
