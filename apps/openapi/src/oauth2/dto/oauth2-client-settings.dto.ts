import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';
import { Oauth2ClientSettingsEntity } from '../entities/oauth2-client-settings.entity';

export const MAX_REDIRECT_URIS = 10;
export const MAX_REDIRECT_URI_LENGTH = 2048;

/** An administrator's settings for an app as an OAuth2 client (BK-CI's ClientDetailsDTO, minus what the app registry holds). */
export class PutOauth2ClientSettingsDto {
  @ApiProperty({ description: 'The redirect URIs an authorization may name, matched exactly (absolute, no fragment)', example: ['https://portal.example.com/oauth2/callback'], type: [String] })
  @IsArray()
  @ArrayMaxSize(MAX_REDIRECT_URIS)
  @IsString({ each: true })
  @MaxLength(MAX_REDIRECT_URI_LENGTH, { each: true })
  redirectUris: string[];

  @ApiProperty({ description: 'Grants the client may use: authorization_code, client_credentials, refresh_token (BK-CI\'s upper-case names are read too)', example: ['authorization_code', 'refresh_token'], type: [String] })
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  grantTypes: string[];

  @ApiPropertyOptional({ description: 'What the client may be granted, in the token scope vocabulary ("read", "write", "project:<projectId>"); omitted or empty: anything its user may do', example: ['read'], type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[];
}

export interface Oauth2ClientSettingsDto {
  appCode: string;
  redirectUris: string[];
  grantTypes: string[];
  /** Empty: not limited. */
  scopes: string[];
  creator: string;
  createdAt: string;
  updater: string;
  updatedAt: string;
}

export function toOauth2ClientSettingsDto(row: Oauth2ClientSettingsEntity): Oauth2ClientSettingsDto {
  return {
    appCode: row.appCode,
    redirectUris: listOf(row.redirectUris),
    grantTypes: listOf(row.grantTypes),
    scopes: listOf(row.scopes),
    creator: row.creator,
    createdAt: row.createdAt.toISOString(),
    updater: row.updater,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function listOf(stored: string): string[] {
  return stored === '' ? [] : stored.split(' ');
}
