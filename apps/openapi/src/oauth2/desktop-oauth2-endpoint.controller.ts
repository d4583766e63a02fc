import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAuthenticated } from '@bkci/auth';
import { Oauth2AuthorizationCodeDto, Oauth2AuthorizationInfoVo, Oauth2ClientQueryDto } from './dto/oauth2-authorization.dto';
import { Oauth2AuthorizationInfoAnswerDto } from './dto/oauth2-answer.dto';
import { Oauth2AuthorizationService } from './oauth2-authorization.service';

/**
 * BK-CI's Oauth2DesktopEndpointResource: the signed-in user looks at what a client asks for, then
 * approves it, getting the redirect URI with the code to send their browser to.
 */
@ApiTags('oauth2')
@Controller('desktop/oauth2/endpoint')
export class DesktopOauth2EndpointController {
  constructor(private readonly authorizations: Oauth2AuthorizationService) {}

  @Get('getAuthorizationInformation')
  @RequireAuthenticated()
  @ApiOkResponse({ type: Oauth2AuthorizationInfoAnswerDto })
  getAuthorizationInformation(@CurrentCaller() caller: Caller, @Query() query: Oauth2ClientQueryDto): Promise<Oauth2AuthorizationInfoVo> {
    return this.authorizations.information(caller, query);
  }

  @Post('getAuthorizationCode')
  @HttpCode(200)
  @RequireAuthenticated()
  @ApiOkResponse({ type: String, description: 'The redirect URI with the code (`<redirectUri>?code=…&state=…`) to send the browser to' })
  getAuthorizationCode(@CurrentCaller() caller: Caller, @Query() query: Oauth2ClientQueryDto, @Body() dto: Oauth2AuthorizationCodeDto): Promise<string> {
    return this.authorizations.approve(caller, query, dto);
  }
}
