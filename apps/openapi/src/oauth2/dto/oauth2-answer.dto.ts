import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { Oauth2AccessTokenVo } from './oauth2-access-token.dto';
import type { Oauth2AuthorizationInfoVo } from './oauth2-authorization.dto';

/*
 * The OAuth2 answers as the API document shows them (the SDK's types). Each implements the answer's
 * interface, so the compiler catches a field added there and not here.
 */

@ApiSchema({ name: 'Oauth2AccessToken', description: "A token endpoint's answer (BK-CI Oauth2AccessTokenVo)" })
export class Oauth2AccessTokenAnswerDto implements Oauth2AccessTokenVo {
  @ApiProperty({ description: 'Send it as `Authorization: Bearer <token>`' }) accessToken: string;
  @ApiProperty({ type: 'integer', description: 'When the access token stops working, in seconds since the epoch' }) expiredTime: number;
  @ApiPropertyOptional({ description: 'Absent for client_credentials, and when the client may not use refresh_token; single-use: each refresh answers a new one' }) refreshToken?: string;
}

@ApiSchema({ name: 'Oauth2AuthorizationInfo', description: 'What the signed-in user is asked to approve (BK-CI Oauth2AuthorizationInfoVo)' })
export class Oauth2AuthorizationInfoAnswerDto implements Oauth2AuthorizationInfoVo {
  @ApiProperty() userName: string;
  @ApiProperty({ description: 'The client app\'s name' }) clientName: string;
  @ApiProperty() icon: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Each scope entry the client may be granted → what it means' }) scope: Record<string, string>;
}
