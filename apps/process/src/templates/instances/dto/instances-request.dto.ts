import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import type { BuildFormProperty, BuildNo, TemplateInstanceField, TemplateInstanceTriggerConfig } from '@bkci/pipeline-model';

/** The most pipelines one asynchronous batch may hold. */
export const MAX_BATCH_ITEMS = 5000;

/** BK-CI TemplateInstanceReleaseInfo (without PAC fields). */
export class InstanceReleaseInfoDto {
  @ApiPropertyOptional({ description: 'empty or absent to create a pipeline' }) @IsOptional() @IsString() @Length(0, 34) pipelineId?: string;
  @ApiProperty() @IsString() @Length(1, 128) pipelineName: string;
  @ApiPropertyOptional() @IsOptional() @IsObject() buildNo?: BuildNo;
  @ApiPropertyOptional({ description: 'BuildFormProperty[]; for an update, absent keeps the pipeline’s own values' }) @IsOptional() @IsArray() param?: BuildFormProperty[];
  @ApiPropertyOptional() @IsOptional() @IsArray() triggerConfigs?: TemplateInstanceTriggerConfig[];
  @ApiPropertyOptional({ description: 'for an update, absent keeps the pipeline’s own overrides' }) @IsOptional() @IsObject() overrideTemplateField?: TemplateInstanceField;
}

/** BK-CI PipelineTemplateInstancesRequest (ID references, no PAC). */
export class InstancesRequestDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() useTemplateSettings?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1024) description?: string;

  @ApiProperty({ type: [InstanceReleaseInfoDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => InstanceReleaseInfoDto)
  instanceReleaseInfos: InstanceReleaseInfoDto[];
}
