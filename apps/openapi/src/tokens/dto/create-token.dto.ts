import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min, IsOptional } from 'class-validator';
import { PersonalAccessTokenEntity } from '../entities/personal-access-token.entity';

export class CreateTokenDto {
  @ApiProperty({ example: 'ci-script' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiPropertyOptional({ description: 'Days until the token stops working; omit for no expiry', example: 90 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;
}

export interface TokenDto {
  id: string;
  userId: string;
  name: string;
  tokenPrefix: string;
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
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}
