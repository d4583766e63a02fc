import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsObject, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { knownBuildNoFields, knownOverrideFields, knownParamFields, knownTriggerConfigFields } from '@bkci/pipeline-model';
import type { BuildFormProperty, BuildNo, TemplateInstanceField, TemplateInstanceTriggerConfig } from '@bkci/pipeline-model';

/** Each item of a list through `known` (a list of anything else is left for the validator to refuse). */
export const EachKnownFields = (known: (item: unknown) => unknown) => Transform(({ value }) => (Array.isArray(value) ? value.map(known) : value));
/** A nested object through `known`, which drops the fields BK-CI's class does not declare. */
export const KnownFields = (known: (value: unknown) => unknown) => Transform(({ value }) => known(value));

/** The most pipelines one asynchronous batch may hold. */
export const MAX_BATCH_ITEMS = 5000;

/** BK-CI TemplateInstanceReleaseInfo (without PAC fields). */
export class InstanceReleaseInfoDto {
  @ApiPropertyOptional({ description: 'empty or absent to create a pipeline' }) @IsOptional() @IsString() @Length(0, 34) pipelineId?: string;
  @ApiProperty() @IsString() @Length(1, 128) pipelineName: string;
  @ApiPropertyOptional() @IsOptional() @KnownFields(knownBuildNoFields) @IsObject() buildNo?: BuildNo;
  @ApiPropertyOptional({ description: 'BuildFormProperty[]; for an update, absent keeps the pipeline’s own values' }) @IsOptional() @EachKnownFields(knownParamFields) @IsArray() param?: BuildFormProperty[];
  @ApiPropertyOptional() @IsOptional() @EachKnownFields(knownTriggerConfigFields) @IsArray() triggerConfigs?: TemplateInstanceTriggerConfig[];
  @ApiPropertyOptional({ description: 'for an update, absent keeps the pipeline’s own overrides' }) @IsOptional() @KnownFields(knownOverrideFields) @IsObject() overrideTemplateField?: TemplateInstanceField;
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
