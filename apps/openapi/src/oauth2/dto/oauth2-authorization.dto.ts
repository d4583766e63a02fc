import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength } from 'class-validator';

/** BK-CI's Oauth2AuthorizationCodeDTO (`scope`), with `state` and PKCE's challenge added. */
export class Oauth2AuthorizationCodeDto {
  @ApiPropertyOptional({ description: 'What to grant, in the token scope vocabulary; omitted or empty: all the client may be granted', example: ['read'], type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  scope?: string[];

  @ApiPropertyOptional({ description: 'Handed back unchanged in the redirect, for the client to match its request' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  state?: string;

  @ApiPropertyOptional({ description: 'PKCE (RFC 7636): the challenge the client derived from its verifier' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  codeChallenge?: string;

  @ApiPropertyOptional({ description: 'S256 or plain (the default)', example: 'S256' })
  @IsOptional()
  @IsString()
  codeChallengeMethod?: string;
}

/** BK-CI's Oauth2AuthorizationInfoVo: what the user is asked to approve. */
export interface Oauth2AuthorizationInfoVo {
  userName: string;
  clientName: string;
  icon: string;
  /** Each scope entry the client may be granted, with what it means. */
  scope: Record<string, string>;
}

/** The query of BK-CI's desktop endpoints: which client asks, and where the user is sent back. */
export class Oauth2ClientQueryDto {
  @ApiProperty({ description: 'The client: an app code', example: 'release-portal' })
  @IsString()
  @MaxLength(64)
  clientId: string;

  @ApiProperty({ description: 'One of the redirect URIs in the client\'s settings, exactly', example: 'https://portal.example.com/oauth2/callback' })
  @IsString()
  @MaxLength(2048)
  redirectUri: string;
}
