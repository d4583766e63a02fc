import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { TEMPLATE_MODES, TemplateMode } from '@bkci/template-version';
import type { V1TemplateList, V1TemplateSummary } from '../v1-template.service';

/*
 * The V1 template list's answer as the API document shows it (the SDK's types). Each implements the
 * answer's interface, so the compiler catches a field added there and not here.
 */

@ApiSchema({ name: 'V1TemplateSummary', description: "One template as BK-CI's V1 list shows it (its TemplateModel). Times are epoch ms" })
export class V1TemplateSummaryDto implements V1TemplateSummary {
  @ApiProperty() name: string;
  @ApiProperty() templateId: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The latest release; null before the first' }) version: number | null;
  @ApiProperty({ type: String, nullable: true }) versionName: string | null;
  @ApiProperty({ enum: TEMPLATE_MODES }) templateType: TemplateMode;
  @ApiProperty() logoUrl: string;
  @ApiProperty({ description: 'Whether it is published to the store' }) storeFlag: boolean;
  @ApiProperty({ type: [String] }) category: string[];
  @ApiProperty() hasPermission: boolean;
  @ApiProperty({ description: 'Whether some of its pipelines are on an older version' }) hasInstance2Upgrade: boolean;
  @ApiProperty() creator: string;
  @ApiProperty({ type: 'integer' }) updateTime: number;
}

@ApiSchema({ name: 'V1TemplateList', description: "A page of a project's pipeline templates (BK-CI's V1 TemplateListModel)" })
export class V1TemplateListDto implements V1TemplateList {
  @ApiProperty() projectId: string;
  @ApiProperty() hasPermission: boolean;
  @ApiProperty({ type: [V1TemplateSummaryDto] }) models: V1TemplateSummaryDto[];
  @ApiProperty({ type: 'integer', description: 'How many templates match, over all pages' }) count: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
}
