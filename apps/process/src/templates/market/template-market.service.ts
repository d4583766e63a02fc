import { Injectable, Logger } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { DomainError } from '@bkci/core';
import { emitEvent, EventPayload, STORE_VERSION_PUBLISHED } from '@bkci/contracts';
import type { Model, Stage } from '@bkci/pipeline-model';
import { TemplateStoreVersionEntity } from '../entities/template-store-version.entity';
import { TemplateError, TemplateErrorCode } from '../template.errors';
import { TemplateRepository } from '../template.repository';
import { DeployTemplateResult } from '../version/template-version.context';
import { TemplateVersionManager } from '../version/template-version.manager';
import { TemplateVersionWriter } from '../version/template-version.writer';
import { MarketCreateDto, PublishDto, UpgradeStrategyDto } from './market.dto';
import { TemplateMarketRepository } from './template-market.repository';

/** BK-CI's PipelineTemplateInfo. */
export interface PipelineTemplateInfo {
  name: string;
  templateId: string;
  projectId: string;
  version: number;
  srcTemplateVersion: number;
  versionName: string;
  templateType: string;
  /** BK-CI's TemplateType value: `constraint` for a store copy. */
  templateTypeDesc: string;
  category: string[];
  logoUrl: string;
  stages: Stage[];
  templateName: string;
  srcTemplateId: string;
}

export interface StoreStatus {
  srcTemplateId: string;
  upgradeStrategy: string;
  installedVersions: number[];
  latestStoreVersion: number | null;
  /** A newer store version is published and this copy (MANUAL) has not installed it. */
  pendingUpgrade: boolean;
}

/**
 * The template store: publishing versions, installing them as CONSTRAINT copies, and upgrading
 * copies when a new version is published (AUTO copies at once; MANUAL ones show it as pending).
 */
@Injectable()
export class TemplateMarketService {
  private readonly logger = new Logger(TemplateMarketService.name);

  constructor(
    private readonly market: TemplateMarketRepository,
    private readonly templates: TemplateRepository,
    private readonly writer: TemplateVersionWriter,
    private readonly versions: TemplateVersionManager,
    private readonly permissions: PermissionChecker,
  ) {}

  /** Publishes a release of a template made in this project; the event that upgrades copies commits with it. */
  async publish(caller: Caller, projectId: string, templateId: string, body: PublishDto): Promise<TemplateStoreVersionEntity> {
    return this.writer.inLockedTransaction(templateId, async ({ manager, emit }) => {
      const info = await this.templates.info(projectId, templateId, manager);
      if (info.mode !== 'CUSTOMIZE') throw new TemplateError(TemplateErrorCode.NOT_PUBLISHABLE, `Template ${templateId} was installed from the store; only templates made here can be published`);
      const version = body.version ?? info.releasedVersion;
      const row = version === null ? null : await this.templates.version(projectId, templateId, version, manager);
      if (!row || row.status !== 'RELEASED') throw new TemplateError(TemplateErrorCode.NOT_PUBLISHABLE, `Only a released version of template ${templateId} can be published`);
      if (await this.market.isPublished(templateId, row.version, manager)) {
        throw new TemplateError(TemplateErrorCode.NOT_PUBLISHABLE, `Version ${row.versionName} of template ${templateId} is already in the store`);
      }
      const published: TemplateStoreVersionEntity = { templateId, version: row.version, projectId, versionName: row.versionName as string, publisher: caller.userId, publishedAt: new Date() };
      await this.market.addPublished(published, manager);
      await this.templates.updateInfo(manager, info, { storeStatus: 'RELEASED', publishStrategy: body.publishStrategy ?? info.publishStrategy, updatedAt: new Date() });
      emitEvent(emit, STORE_VERSION_PUBLISHED, { templateId, version: row.version });
      return published;
    });
  }

  install(caller: Caller, projectId: string, body: MarketCreateDto): Promise<DeployTemplateResult> {
    return this.versions.deploy({
      kind: 'MARKET_INSTALL',
      caller,
      projectId,
      srcTemplateId: body.marketTemplateId,
      srcVersion: body.marketTemplateVersion ?? null,
      copySetting: body.copySetting ?? true,
      name: body.name ?? null,
    });
  }

  /** OpenAPI v4 install into several projects; each needs template create there. */
  async installIntoProjects(caller: Caller, projectIds: string[], srcTemplateId: string): Promise<Record<string, string>> {
    for (const projectId of projectIds) {
      await this.permissions.assertAllowed(caller, projectId, 'pipeline_template_create');
    }
    const installed: Record<string, string> = {};
    for (const projectId of projectIds) {
      installed[projectId] = (await this.install(caller, projectId, { marketTemplateId: srcTemplateId })).templateId;
    }
    return installed;
  }

  /** BK-CI's v4 `template_install_from_store_new` answer: the copy made in each project. */
  async installIntoProjectsDescribed(caller: Caller, projectIds: string[], srcTemplateId: string): Promise<PipelineTemplateInfo[]> {
    const installed = await this.installIntoProjects(caller, projectIds, srcTemplateId);
    const described: PipelineTemplateInfo[] = [];
    for (const [projectId, templateId] of Object.entries(installed)) described.push(await this.describeCopy(projectId, templateId));
    return described;
  }

  async status(projectId: string, templateId: string): Promise<StoreStatus> {
    const copy = await this.templates.info(projectId, templateId);
    if (copy.mode !== 'CONSTRAINT' || copy.srcTemplateId === null) throw new TemplateError(TemplateErrorCode.NOT_A_STORE_COPY, `Template ${templateId} was not installed from the store`);
    const installedVersions = (await this.market.installedVersions(projectId, templateId)).sort((a, b) => a - b);
    const latest = await this.market.publishedVersion(copy.srcTemplateId);
    return {
      srcTemplateId: copy.srcTemplateId,
      upgradeStrategy: copy.upgradeStrategy,
      installedVersions,
      latestStoreVersion: latest?.version ?? null,
      pendingUpgrade: latest !== null && !installedVersions.includes(latest.version),
    };
  }

  async updateUpgradeStrategy(projectId: string, templateId: string, body: UpgradeStrategyDto): Promise<boolean> {
    await this.writer.inLockedTransaction(templateId, async ({ manager }) => {
      const info = await this.templates.info(projectId, templateId, manager);
      await this.templates.updateInfo(manager, info, { upgradeStrategy: body.upgradeStrategy, settingSyncStrategy: body.settingSyncStrategy ?? info.settingSyncStrategy, updatedAt: new Date() });
    });
    return true;
  }

  /** BK-CI transformTemplateToCustom: the copy becomes the project's own template and stops following the store. */
  async detach(projectId: string, templateId: string): Promise<boolean> {
    await this.writer.inLockedTransaction(templateId, async ({ manager }) => {
      const info = await this.templates.info(projectId, templateId, manager);
      if (info.mode !== 'CONSTRAINT') throw new TemplateError(TemplateErrorCode.NOT_A_STORE_COPY, `Template ${templateId} was not installed from the store`);
      await this.templates.updateInfo(manager, info, { mode: 'CUSTOMIZE', srcTemplateId: null, srcTemplateProjectId: null, updatedAt: new Date() });
      await this.market.forgetInstalls(projectId, templateId, manager);
    });
    return true;
  }

  /** BK-CI's PipelineTemplateInfo of a store copy at its current release. */
  private async describeCopy(projectId: string, templateId: string): Promise<PipelineTemplateInfo> {
    const info = await this.templates.info(projectId, templateId);
    const release = await this.templates.version(projectId, templateId, info.releasedVersion as number);
    const install = await this.market.installOf(projectId, templateId, release.version);
    return {
      name: info.name,
      templateId,
      projectId,
      version: release.version,
      srcTemplateVersion: install.srcVersion,
      versionName: release.versionName as string,
      templateType: info.mode,
      templateTypeDesc: info.mode.toLowerCase(),
      category: info.category,
      logoUrl: info.logoUrl,
      stages: (release.model as Model).stages,
      templateName: info.name,
      srcTemplateId: info.srcTemplateId as string,
    };
  }

  /** Installs a newly published version into every AUTO copy; a copy that already has it is left alone. */
  async upgradeCopies({ templateId, version }: EventPayload<typeof STORE_VERSION_PUBLISHED>): Promise<void> {
    const copies = await this.market.autoUpgradingCopies(templateId);
    for (const copy of copies) {
      const caller: Caller = { userId: copy.updater, issuer: 'process', appCode: null, admin: false };
      try {
        await this.versions.deploy({ kind: 'MARKET_INSTALL', caller, projectId: copy.projectId, srcTemplateId: templateId, srcVersion: version, copySetting: false, name: null });
      } catch (error) {
        if (error instanceof TemplateError && error.code === TemplateErrorCode.ALREADY_INSTALLED) continue;
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`Store upgrade of template ${copy.id} in project ${copy.projectId} to ${templateId}@${version} failed: ${error.message}`);
      }
    }
  }
}
