import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Min } from 'class-validator';
import { PIPELINE_TEMPLATE_TYPES, PipelineTemplateType } from '@bkci/pipeline-model';

/** BK-CI PipelineTemplateCustomCreateReq: an empty template of a type, as a draft. */
export class CustomCreateTemplateDto {
  @ApiProperty({ enum: PIPELINE_TEMPLATE_TYPES })
  @IsIn(PIPELINE_TEMPLATE_TYPES)
  type: PipelineTemplateType;

  @ApiProperty() @IsString() @Length(1, 128) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1024) desc?: string;
}

/** BK-CI PipelineTemplateDraftSaveReq: the draft's content as a Model (with setting) or as YAML. */
export class SaveDraftDto {
  @ApiProperty({ enum: PIPELINE_TEMPLATE_TYPES })
  @IsIn(PIPELINE_TEMPLATE_TYPES)
  type: PipelineTemplateType;

  @ApiPropertyOptional({ enum: ['MODEL', 'YAML'], default: 'MODEL' })
  @IsOptional()
  @IsIn(['MODEL', 'YAML'])
  storageType?: 'MODEL' | 'YAML';

  @ApiPropertyOptional({ description: 'the template model (storageType MODEL)' }) @IsOptional() @IsObject() model?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'the PipelineSetting' }) @IsOptional() @IsObject() templateSetting?: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'v3.0 YAML (storageType YAML)' }) @IsOptional() @IsString() yaml?: string;

  @ApiPropertyOptional({ description: 'the release this draft starts from' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  baseVersion?: number;

  @ApiPropertyOptional({ description: 'the draft save this edit starts from; a newer save makes it a conflict' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  baseDraftVersion?: number;

  @ApiPropertyOptional({ description: 'name of a template created by this save' }) @IsOptional() @IsString() @Length(1, 128) name?: string;
}

/** BK-CI PipelineTemplateDraftReleaseReq (without PAC, which the webhook drives). */
export class ReleaseDraftDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) customVersionName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1024) description?: string;
}

/** BK-CI PipelineTemplateCopyCreateReq. */
export class CopyTemplateDto {
  @ApiProperty() @IsString() @Length(1, 32) srcTemplateId: string;

  @ApiPropertyOptional({ description: 'a released version; the latest release when absent' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  srcTemplateVersion?: number;

  @ApiProperty() @IsBoolean() copySetting: boolean;
  @ApiProperty() @IsString() @Length(1, 128) name: string;
}

/** BK-CI PTemplateTransferBody: a template's content in the form the editor has, to turn into the other. */
export class TransferDto {
  @ApiPropertyOptional({ enum: PIPELINE_TEMPLATE_TYPES, description: 'required for storageType MODEL; YAML reads PIPELINE when absent' })
  @IsOptional()
  @IsIn(PIPELINE_TEMPLATE_TYPES)
  templateType?: PipelineTemplateType;
  @ApiPropertyOptional() @IsOptional() @IsObject() templateModel?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsObject() templateSetting?: Record<string, unknown>;
  @ApiPropertyOptional() @IsOptional() @IsString() yaml?: string;
}
