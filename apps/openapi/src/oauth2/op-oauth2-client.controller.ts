import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAdmin } from '@bkci/auth';
import { Oauth2ClientSettingsDto, PutOauth2ClientSettingsDto } from './dto/oauth2-client-settings.dto';
import { Oauth2ClientService } from './oauth2-client.service';

/** What each app may do as an OAuth2 client, for system administrators (BK-CI's OpOauth2Resource). */
@ApiTags('oauth2')
@Controller('op/apps/:appCode/oauth2')
export class OpOauth2ClientController {
  constructor(private readonly clients: Oauth2ClientService) {}

  /** null when the app has no settings: it may then use only client_credentials. */
  @Get()
  @RequireAdmin()
  get(@Param('appCode') appCode: string): Promise<Oauth2ClientSettingsDto | null> {
    return this.clients.get(appCode);
  }

  @Put()
  @RequireAdmin()
  put(@CurrentCaller() caller: Caller, @Param('appCode') appCode: string, @Body() dto: PutOauth2ClientSettingsDto): Promise<Oauth2ClientSettingsDto> {
    return this.clients.put(caller, appCode, dto);
  }

  /** false when the app had no settings. */
  @Delete()
  @RequireAdmin()
  delete(@Param('appCode') appCode: string): Promise<boolean> {
    return this.clients.delete(appCode);
  }
}
