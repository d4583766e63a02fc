import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * BK-CI's Oauth2AccessTokenRequest: `grantType` picks which other fields count. PKCE's `codeVerifier`
 * and RFC 6749's `redirectUri` (checked when sent) are additions; BK-CI's clients send neither.
 */
export class Oauth2AccessTokenRequestDto {
  @ApiProperty({ description: 'authorization_code, client_credentials or refresh_token (BK-CI\'s AUTHORIZATION_CODE, … too)', example: 'AUTHORIZATION_CODE' })
  @IsString()
  @MaxLength(64)
  grantType: string;

  @ApiPropertyOptional({ description: 'authorization_code: the code the redirect carried' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  code?: string;

  @ApiPropertyOptional({ description: 'refresh_token: the refresh token to rotate' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  refreshToken?: string;

  @ApiPropertyOptional({ description: 'authorization_code: the PKCE verifier, when the authorization named a codeChallenge' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  codeVerifier?: string;

  @ApiPropertyOptional({ description: 'authorization_code: when sent, must be the redirect URI the authorization named' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  redirectUri?: string;
}

/** BK-CI's Oauth2AccessTokenVo. */
export interface Oauth2AccessTokenVo {
  accessToken: string;
  /** When the access token stops working, in seconds since the epoch (BK-CI's unit). */
  expiredTime: number;
  /** Absent for client_credentials, and when the client may not use refresh_token. */
  refreshToken?: string;
}
