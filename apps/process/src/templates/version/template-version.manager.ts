import { Injectable } from '@nestjs/common';
import { OutboxTransaction } from '@bkci/messaging';
import { VersionManager } from '@bkci/template-version';
import { CopyConverter } from './converters/copy.converter';
import { CustomCreateConverter } from './converters/custom-create.converter';
import { DraftReleaseConverter } from './converters/draft-release.converter';
import { DraftSaveConverter } from './converters/draft-save.converter';
import { ReleaseCreateConverter } from './converters/release-create.converter';
import { RollbackConverter } from './converters/rollback.converter';
import { YamlWebhookConverter } from './converters/yaml-webhook.converter';
import { MarketInstallConverter } from './converters/market-install.converter';
import { BranchCreateHandler } from './handlers/branch-create.handler';
import { DraftReleaseHandler } from './handlers/draft-release.handler';
import { DraftSaveHandler } from './handlers/draft-save.handler';
import { ReleaseCreateHandler } from './handlers/release-create.handler';
import { OperationLogPostProcessor } from './post-processors/operation-log.post-processor';
import { PacFilePostProcessor } from './post-processors/pac-file.post-processor';
import { StoreInstallPostProcessor } from './post-processors/store-install.post-processor';
import { ReleaseCapPostProcessor } from './post-processors/release-cap.post-processor';
import { DeployTemplateResult, TemplateVersionContext } from './template-version.context';
import { TemplateVersionRequest } from './template-version.request';
import { TemplateVersionValidator } from './template-version.validator';

/** Every template version write goes through here (the few beside it are listed on TemplateVersionWriter): the chain with this app's parts plugged in. */
@Injectable()
export class TemplateVersionManager extends VersionManager<TemplateVersionRequest, TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  constructor(
    customCreate: CustomCreateConverter,
    draftSave: DraftSaveConverter,
    draftRelease: DraftReleaseConverter,
    copy: CopyConverter,
    rollback: RollbackConverter,
    releaseCreate: ReleaseCreateConverter,
    yamlWebhook: YamlWebhookConverter,
    marketInstall: MarketInstallConverter,
    validator: TemplateVersionValidator,
    draftSaveHandler: DraftSaveHandler,
    draftReleaseHandler: DraftReleaseHandler,
    releaseCreateHandler: ReleaseCreateHandler,
    branchCreateHandler: BranchCreateHandler,
    operationLog: OperationLogPostProcessor,
    releaseCap: ReleaseCapPostProcessor,
    pacFile: PacFilePostProcessor,
    storeInstall: StoreInstallPostProcessor,
  ) {
    super(
      [customCreate, draftSave, draftRelease, copy, rollback, releaseCreate, yamlWebhook, marketInstall],
      validator,
      [draftSaveHandler, draftReleaseHandler, releaseCreateHandler, branchCreateHandler],
      [operationLog, releaseCap, pacFile, storeInstall],
    );
  }
}

/** The providers the manager is built from. */
export const TEMPLATE_VERSION_PROVIDERS = [
  CustomCreateConverter,
  DraftSaveConverter,
  DraftReleaseConverter,
  CopyConverter,
  RollbackConverter,
  ReleaseCreateConverter,
  YamlWebhookConverter,
  MarketInstallConverter,
  TemplateVersionValidator,
  DraftSaveHandler,
  DraftReleaseHandler,
  ReleaseCreateHandler,
  BranchCreateHandler,
  OperationLogPostProcessor,
  ReleaseCapPostProcessor,
  PacFilePostProcessor,
  StoreInstallPostProcessor,
  TemplateVersionManager,
];
