import { Injectable } from '@nestjs/common';
import { CommonError, CommonErrorCode } from '@bkci/core';
import { Oauth2AccessTokenRequestDto, Oauth2AccessTokenVo } from './dto/oauth2-access-token.dto';
import { grantTypeOf } from './grant-type';
import { Oauth2AuthorizationService } from './oauth2-authorization.service';
import { assertGrantAllowed, Oauth2Client, Oauth2ClientService } from './oauth2-client.service';
import { Oauth2Grant, Oauth2TokenService } from './oauth2-token.service';
import { Oauth2Error, Oauth2ErrorCode } from './oauth2.errors';

/** BK-CI's Oauth2EndpointService.getAccessToken: the client proves itself, then its grant is honoured. */
@Injectable()
export class Oauth2EndpointService {
  constructor(
    private readonly clients: Oauth2ClientService,
    private readonly authorizations: Oauth2AuthorizationService,
    private readonly tokens: Oauth2TokenService,
  ) {}

  async getAccessToken(clientId: string | undefined, clientSecret: string | undefined, request: Oauth2AccessTokenRequestDto): Promise<Oauth2AccessTokenVo> {
    if (!clientId || !clientSecret) {
      throw new Oauth2Error(Oauth2ErrorCode.INVALID_CLIENT, 'Send the client id (the app code) and secret (one of the app\'s secrets) in X-DEVOPS-OAUTH2-CLIENT-ID and X-DEVOPS-OAUTH2-CLIENT-SECRET');
    }
    const client = await this.clients.authenticatedClient(clientId, clientSecret);
    const grantType = grantTypeOf(request.grantType);
    if (!grantType) {
      throw new Oauth2Error(Oauth2ErrorCode.UNSUPPORTED_GRANT_TYPE, `Unsupported grant type "${request.grantType}": use authorization_code, client_credentials or refresh_token`);
    }
    assertGrantAllowed(client, grantType);
    switch (grantType) {
      case 'client_credentials':
        // RFC 6749 §4.4.3: no refresh token; the client asks again with its secret.
        return this.tokens.issue({ appCode: client.appCode, userId: null, grantType, scope: client.scope, familyId: null }, false);
      case 'authorization_code': {
        const grant = await this.authorizations.redeemCode(client, required(request.code, 'code'), request.codeVerifier, request.redirectUri);
        return this.issueForUser(client, grant);
      }
      case 'refresh_token':
        return this.issueForUser(client, await this.tokens.redeemRefreshToken(client.appCode, required(request.refreshToken, 'refreshToken')));
    }
  }

  /** A user's tokens, with a refresh token when the client may refresh. */
  private issueForUser(client: Oauth2Client, grant: Oauth2Grant): Promise<Oauth2AccessTokenVo> {
    return this.tokens.issue(grant, client.grantTypes.includes('refresh_token'));
  }
}

function required(value: string | undefined, field: string): string {
  if (value === undefined) throw new CommonError(CommonErrorCode.PARAMETER_MISSING, `${field} is required for this grant type`);
  return value;
}
