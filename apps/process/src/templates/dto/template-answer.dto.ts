import { ApiProperty, ApiSchema } from '@nestjs/swagger';
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
