import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';

const PARAM_TYPES = ['STRING', 'TEXTAREA', 'BOOLEAN', 'ENUM', 'CHECKBOX', 'MULTIPLE'] as const;

/** One option of an ENUM or MULTIPLE param (BK-CI ManualReviewParamPair). */
export class ReviewParamOptionDto {
  @IsString()
  key: string;

  @IsString()
  value: string;
}

/** BK-CI ManualReviewParam: a param of the review form with the value the reviewer chose. */
export class ManualReviewParamDto {
  @IsString()
  @Length(1, 128)
  key: string;

  /** A string, a boolean or a list of options, as the param's type has it. */
  @Allow()
  value?: unknown;

  @IsOptional()
  @IsIn(PARAM_TYPES)
  valueType?: (typeof PARAM_TYPES)[number];

  @IsOptional()
  @IsBoolean()
  required?: boolean;

  @IsOptional()
  @IsString()
  desc?: string;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ReviewParamOptionDto)
  options?: ReviewParamOptionDto[];

  @IsOptional()
  @IsString()
  chineseName?: string;

  @IsOptional()
  @IsString()
  variableOption?: string;
}

/**
 * BK-CI ReviewParam, the body of a manual review step's review. `status` decides it; the ids,
 * reviewers and description the console echoes back are ignored (the path and the step say them).
 */
export class ManualReviewDto {
  @ApiProperty({ enum: ['PROCESS', 'ABORT'] })
  @IsIn(['PROCESS', 'ABORT'])
  status: 'PROCESS' | 'ABORT';

  @ApiPropertyOptional({ description: "the reviewer's suggestion" })
  @IsOptional()
  @IsString()
  @Length(0, 1024)
  suggest?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  desc?: string;

  @ApiPropertyOptional({ type: [ManualReviewParamDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ManualReviewParamDto)
  params?: ManualReviewParamDto[];
}
