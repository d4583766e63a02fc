import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAuthenticated, RequirePermission } from '@bkci/auth';
import { STORE_INSTALL_INTO_PROJECTS, STORE_INSTALL_INTO_PROJECTS_DESCRIBED, TEMPLATE_STORE_CONTROLLER } from '@bkci/contracts';
import { DeployTemplateResult } from '../version/template-version.context';
import { InstallFromStoreDto, MarketCreateDto, PublishDto, UpgradeStrategyDto } from './market.dto';
import { PipelineTemplateInfo, StoreStatus, TemplateMarketService } from './template-market.service';

/** Store operations on BK-CI's template V2 paths, plus OpenAPI v4's install into several projects. */
@ApiTags('templates store')
@Controller(TEMPLATE_STORE_CONTROLLER)
export class TemplateMarketController {
  constructor(private readonly stores: TemplateMarketService) {}

  @Post(':projectId/:templateId/store/publish')
  @HttpCode(200)
  @RequirePermission('pipeline_template_manage', { resourceParam: 'templateId' })
  publish(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('templateId') templateId: string, @Body() body: PublishDto) {
    return this.stores.publish(caller, projectId, templateId, body);
  }

  @Post(':projectId/create/market')
  @RequirePermission('pipeline_template_create')
  install(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() body: MarketCreateDto): Promise<DeployTemplateResult> {
    return this.stores.install(caller, projectId, body);
  }

  /** v4 `template_install_from_store`: true once installed. Checked per project inside: each target project needs template create. */
  @Post(STORE_INSTALL_INTO_PROJECTS)
  @HttpCode(200)
  @RequireAuthenticated()
  async installIntoProjects(@CurrentCaller() caller: Caller, @Body() body: InstallFromStoreDto): Promise<boolean> {
    await this.stores.installIntoProjects(caller, body.projectCodeList, body.templateCode);
    return true;
  }

  /** v4 `template_install_from_store_new`: the copy made in each project. Checked per project inside. */
  @Post(STORE_INSTALL_INTO_PROJECTS_DESCRIBED)
  @HttpCode(200)
  @RequireAuthenticated()
  installIntoProjectsDescribed(@CurrentCaller() caller: Caller, @Body() body: InstallFromStoreDto): Promise<PipelineTemplateInfo[]> {
    return this.stores.installIntoProjectsDescribed(caller, body.projectCodeList, body.templateCode);
  }

  @Get(':projectId/:templateId/store/status')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  status(@Param('projectId') projectId: string, @Param('templateId') templateId: string): Promise<StoreStatus> {
    return this.stores.status(projectId, templateId);
  }

  @Post(':projectId/:templateId/transformTemplateToCustom')
  @HttpCode(200)
  @RequirePermission('pipeline_template_edit', { resourceParam: 'templateId' })
  detach(@Param('projectId') projectId: string, @Param('templateId') templateId: string): Promise<boolean> {
    return this.stores.detach(projectId, templateId);
  }

  @Put(':projectId/:templateId/updateUpgradeStrategy')
  @RequirePermission('pipeline_template_edit', { resourceParam: 'templateId' })
  updateUpgradeStrategy(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Body() body: UpgradeStrategyDto): Promise<boolean> {
    return this.stores.updateUpgradeStrategy(projectId, templateId, body);
  }
}
