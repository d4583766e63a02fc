import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAdmin } from '@bkci/auth';
import { AppDto, CreateAppDto, CreatedAppDto, CreatedAppSecretDto } from './dto/third-party-app.dto';
import { AppAnswerDto, CreatedAppAnswerDto, CreatedAppSecretAnswerDto } from './dto/third-party-app-answer.dto';
import { ThirdPartyAppService } from './third-party-app.service';

/** The registry of third-party apps, for system administrators. */
@ApiTags('third-party apps')
@Controller('op/apps')
export class OpThirdPartyAppController {
  constructor(private readonly apps: ThirdPartyAppService) {}

  /** Registers an app; the answer holds its first secret, shown this once. */
  @Post()
  @RequireAdmin()
  @ApiCreatedResponse({ type: CreatedAppAnswerDto })
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateAppDto): Promise<CreatedAppDto> {
    return this.apps.create(caller, dto);
  }

  @Get()
  @RequireAdmin()
  @ApiOkResponse({ type: [AppAnswerDto] })
  list(): Promise<AppDto[]> {
    return this.apps.list();
  }

  @Get(':appCode')
  @RequireAdmin()
  @ApiOkResponse({ type: AppAnswerDto })
  get(@Param('appCode') appCode: string): Promise<AppDto> {
    return this.apps.get(appCode);
  }

  @Delete(':appCode')
  @RequireAdmin()
  @ApiOkResponse({ type: Boolean })
  async delete(@Param('appCode') appCode: string): Promise<boolean> {
    await this.apps.delete(appCode);
    return true;
  }

  /** A second secret, for rotation; refused while two are active. */
  @Post(':appCode/secrets')
  @RequireAdmin()
  @ApiCreatedResponse({ type: CreatedAppSecretAnswerDto })
  addSecret(@CurrentCaller() caller: Caller, @Param('appCode') appCode: string): Promise<CreatedAppSecretDto> {
    return this.apps.addSecret(caller, appCode);
  }

  @Delete(':appCode/secrets/:secretId')
  @RequireAdmin()
  @ApiOkResponse({ type: Boolean })
  async revokeSecret(@Param('appCode') appCode: string, @Param('secretId') secretId: string): Promise<boolean> {
    await this.apps.revokeSecret(appCode, secretId);
    return true;
  }
}
