import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequireNothing } from '@bkci/auth';
import { Oauth2AccessTokenRequestDto, Oauth2AccessTokenVo } from './dto/oauth2-access-token.dto';
import { Oauth2AccessTokenAnswerDto } from './dto/oauth2-answer.dto';
import { Oauth2EndpointService } from './oauth2-endpoint.service';

const APIGW_TYPES = ['apigw-user', 'apigw-app', 'apigw'];
const ENDPOINT = 'v4/auth/oauth2/endpoint';
const GET_ACCESS_TOKEN = 'getAccessToken';

/**
 * The token endpoint's paths as the gateway's router sees them. The client's id and secret are its
 * authentication, so these paths alone are served without a bearer token (BearerAuthMiddleware).
 */
export const OAUTH2_TOKEN_ENDPOINT_PATHS: ReadonlySet<string> = new Set(APIGW_TYPES.map((type) => `/api/${type}/${ENDPOINT}/${GET_ACCESS_TOKEN}`));

/** BK-CI's ApigwOauth2EndpointResourceV4: `POST /{apigwType}/v4/auth/oauth2/endpoint/getAccessToken`. */
@ApiTags('oauth2')
@Controller(APIGW_TYPES.map((type) => `${type}/${ENDPOINT}`))
export class Oauth2EndpointController {
  constructor(private readonly endpoint: Oauth2EndpointService) {}

  @Post(GET_ACCESS_TOKEN)
  @HttpCode(200)
  @RequireNothing()
  @ApiOkResponse({ type: Oauth2AccessTokenAnswerDto })
  @ApiHeader({ name: 'X-DEVOPS-OAUTH2-CLIENT-ID', description: 'The client: an app code', required: true })
  @ApiHeader({ name: 'X-DEVOPS-OAUTH2-CLIENT-SECRET', description: "One of the app's active secrets", required: true })
  getAccessToken(
    @Headers('x-devops-oauth2-client-id') clientId: string | undefined,
    @Headers('x-devops-oauth2-client-secret') clientSecret: string | undefined,
    @Body() request: Oauth2AccessTokenRequestDto,
  ): Promise<Oauth2AccessTokenVo> {
    return this.endpoint.getAccessToken(clientId?.trim(), clientSecret?.trim(), request);
  }
}
