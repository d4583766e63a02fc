import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { PersonalAccessTokenEntity } from '../entities/personal-access-token.entity';

export class CreateTokenDto {
  @ApiProperty({ example: 'ci-script' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiPropertyOptional({ description: 'Days until the token stops working: the gateway\'s default (BKCI_PAT_DEFAULT_DAYS, 90) when omitted, at most BKCI_PAT_MAX_DAYS (365)', example: 30 })
  @IsOptional()
  @IsInt()
  @Min(1)
  expiresInDays?: number;

  @ApiPropertyOptional({
    description: 'Limits the token: "read" (read only), "write" (everything you may do), "project:<projectId>" (only these projects). Omitted or empty: not limited',
    example: ['read', 'project:demo'],
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  scopes?: string[];
}

export interface TokenDto {
  id: string;
  userId: string;
  name: string;
  tokenPrefix: string;
  /** The token's scope entries; empty when it is not limited. */
  scopes: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Returned once, at creation: the only time the token can be read. */
export interface CreatedTokenDto extends TokenDto {
  token: string;
}

export function toTokenDto(row: PersonalAccessTokenEntity): TokenDto {
  return {
    id: row.id,
    userId: row.userId,
    name: row.name,
    tokenPrefix: row.tokenPrefix,
    scopes: row.scopes ? row.scopes.split(' ') : [],
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
