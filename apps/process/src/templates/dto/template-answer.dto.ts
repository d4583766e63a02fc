import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Page } from '@bkci/core';
import { PIPELINE_TEMPLATE_TYPES, PipelineTemplateType } from '@bkci/pipeline-model';
import { STORE_STATUSES, STRATEGIES, StoreStatus, Strategy, TEMPLATE_MODES, TemplateMode, VERSION_STATUSES, VersionStatus } from '@bkci/template-version';
import type { TemplateListRow } from '../template-query.service';
import { DeployTemplateResult } from '../version/template-version.context';

/** The answer of a template version write, as the API document shows it; it implements the interface so the two cannot drift. */
@ApiSchema({ name: 'DeployTemplateResult', description: 'What a template version write did (BK-CI DeployTemplateResult)' })
export class DeployTemplateResultDto implements DeployTemplateResult {
  @ApiProperty({ type: 'integer', description: 'The resource version written: the number to save, prefetch and release by' }) version: number;
  @ApiProperty() userId: string;
  @ApiProperty() projectId: string;
  @ApiProperty() templateId: string;
  @ApiProperty() templateName: string;
  @ApiProperty({ type: 'integer' }) number: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The release number; null for a draft' }) versionNum: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The release name; null for a draft' }) versionName: string | null;
  @ApiProperty({ enum: ['SAVE_DRAFT', 'RELEASE_DRAFT', 'CREATE_RELEASE', 'CREATE_BRANCH'] }) versionAction: DeployTemplateResult['versionAction'];
  @ApiProperty({ type: 'integer' }) draftVersion: number;
}

/** Times are the stored dates, which JSON writes as ISO strings. */
const DATE_TIME = { type: String, format: 'date-time' } as const;

@ApiSchema({ name: 'TemplateListRow', description: "One template as BK-CI's V2 list shows it, with what the caller may do with it" })
export class TemplateListRowDto implements TemplateListRow {
  @ApiProperty({ description: 'The template id' }) id: string;
  @ApiProperty() projectId: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: TEMPLATE_MODES }) mode: TemplateMode;
  @ApiProperty({ enum: PIPELINE_TEMPLATE_TYPES }) type: PipelineTemplateType;
  @ApiProperty({ enum: STRATEGIES }) upgradeStrategy: Strategy;
  @ApiProperty({ enum: STRATEGIES }) settingSyncStrategy: Strategy;
  @ApiProperty({ enum: STRATEGIES }) publishStrategy: Strategy;
  @ApiProperty({ type: [String] }) category: string[];
  @ApiProperty() logoUrl: string;
  @ApiProperty({ description: 'Whether it is kept as code in a repository' }) pac: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The latest release; null before the first' }) releasedVersion: number | null;
  @ApiProperty({ type: String, nullable: true }) releasedVersionName: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) releasedSettingVersion: number | null;
  @ApiProperty({ enum: VERSION_STATUSES }) latestVersionStatus: VersionStatus;
  @ApiProperty({ enum: STORE_STATUSES }) storeStatus: StoreStatus;
  @ApiProperty({ type: String, nullable: true, description: 'The template it was copied or installed from' }) srcTemplateId: string | null;
  @ApiProperty({ type: String, nullable: true }) srcTemplateProjectId: string | null;
  @ApiProperty() creator: string;
  @ApiProperty(DATE_TIME) createdAt: Date;
  @ApiProperty() updater: string;
  @ApiProperty(DATE_TIME) updatedAt: Date;
  @ApiProperty({ type: 'integer', description: 'Bumped by every change' }) revision: number;
  @ApiProperty() canView: boolean;
  @ApiProperty() canEdit: boolean;
  @ApiProperty() canDelete: boolean;
  @ApiProperty() canManage: boolean;
}

@ApiSchema({ name: 'TemplateListPage', description: 'A page of the templates the caller may list' })
export class TemplateListPageDto implements Page<TemplateListRow> {
  @ApiProperty({ type: 'integer', description: 'How many templates match, over all pages' }) count: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
  @ApiProperty({ type: 'integer' }) totalPages: number;
  @ApiProperty({ type: [TemplateListRowDto] }) records: TemplateListRowDto[];
}
