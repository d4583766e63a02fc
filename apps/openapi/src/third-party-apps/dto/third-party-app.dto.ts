import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { ThirdPartyAppSecretEntity } from '../entities/third-party-app-secret.entity';
import { ThirdPartyAppEntity } from '../entities/third-party-app.entity';

export const APP_CODE_PATTERN = /^[a-z][a-z0-9_-]{1,31}$/;
export const APP_CODE_RULE = 'an app code is 2–32 lowercase letters, digits, "_" or "-", starting with a letter';

export class CreateAppDto {
  @ApiProperty({ description: 'The identifier clients send in X-DEVOPS-APP-CODE; cannot change later', example: 'release-bot' })
  @Matches(APP_CODE_PATTERN, { message: `appCode: ${APP_CODE_RULE}` })
  appCode: string;

  @ApiProperty({ example: 'Release bot' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiPropertyOptional({ example: 'Starts release pipelines when a tag is pushed' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  description?: string;
}

/** A secret as listed: never the secret itself. */
export interface AppSecretDto {
  id: string;
  secretPrefix: string;
  creator: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** Returned once, when the secret is made: the only time it can be read. */
export interface CreatedAppSecretDto extends AppSecretDto {
  secret: string;
}

export interface AppDto {
  appCode: string;
  name: string;
  description: string;
  creator: string;
  createdAt: string;
  secrets: AppSecretDto[];
}

/** A new app with its first secret, shown this once. */
export interface CreatedAppDto extends AppDto {
  secret: string;
}

export function toAppSecretDto(row: ThirdPartyAppSecretEntity): AppSecretDto {
  return {
    id: row.id,
    secretPrefix: row.secretPrefix,
    creator: row.creator,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export function toAppDto(row: ThirdPartyAppEntity, secrets: ThirdPartyAppSecretEntity[]): AppDto {
  return {
    appCode: row.appCode,
    name: row.name,
    description: row.description,
    creator: row.creator,
    createdAt: row.createdAt.toISOString(),
    secrets: secrets.map(toAppSecretDto),
  };
}
