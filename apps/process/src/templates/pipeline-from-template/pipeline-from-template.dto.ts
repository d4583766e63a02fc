import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Min, ValidateIf } from 'class-validator';

/**
 * BK-CI's TemplateInstanceCreateRequest, what the console's "new pipeline" page and v4
 * `version/create_with_template` send. `useLabelSettings`, `staticViews` and `envHashId` have
 * nothing to act on here and are ignored like any unknown field.
 */
export class CreatePipelineWithTemplateDto {
  /** The console sends the id of the first template it lists even for an empty pipeline; it is then unused. */
  @ApiProperty() @ValidateIf((body: CreatePipelineWithTemplateDto) => body.emptyTemplate !== true) @IsString() @Length(1, 64) templateId?: string;
  @ApiPropertyOptional({ description: 'a released version; the latest release when absent' }) @IsOptional() @IsInt() @Min(1) templateVersion?: number;
  @ApiProperty() @IsString() @Length(1, 128) pipelineName: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 255) pipelineDesc?: string;
  @ApiPropertyOptional({ description: 'a pipeline with the default model instead of the template’s' }) @IsOptional() @IsBoolean() emptyTemplate?: boolean;
  @ApiPropertyOptional({ enum: ['FREEDOM'], description: 'constrained instances are made through the template instance API' })
  @IsOptional()
  @IsIn(['FREEDOM'], { message: 'instanceType must be FREEDOM; create constrained instances through the template instance API' })
  instanceType?: 'FREEDOM';
  @ApiPropertyOptional() @IsOptional() @IsBoolean() useSubscriptionSettings?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() useConcurrencyGroup?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsArray() @IsString({ each: true }) labels?: string[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() inheritedDialect?: boolean;
  @ApiPropertyOptional({ enum: ['CLASSIC', 'CONSTRAINED'] }) @IsOptional() @IsIn(['CLASSIC', 'CONSTRAINED']) pipelineDialect?: 'CLASSIC' | 'CONSTRAINED';
}
