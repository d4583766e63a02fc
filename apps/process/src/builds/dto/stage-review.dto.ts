import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { Allow, IsArray, IsBoolean, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { ToBoolean } from '@bkci/core';

/** One review param the reviewer sets (BK-CI ManualReviewParam: `key` and the `value` chosen; its other fields are the form's). */
export class ReviewParamDto {
  @IsString()
  @Length(1, 128)
  key: string;

  /** A string, a boolean or a list of options, as the param's type has it. */
  @Allow()
  value?: unknown;
}

/** BK-CI StageReviewRequest: the body of a check-in review. */
export class StageReviewRequestDto {
  @ApiPropertyOptional({ type: [ReviewParamDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ReviewParamDto)
  reviewParams?: ReviewParamDto[];

  @ApiPropertyOptional({ description: 'the review group acting (default the first group)' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  id?: string;

  @ApiPropertyOptional({ description: "the reviewer's suggestion" })
  @IsOptional()
  @IsString()
  @Length(0, 1024)
  suggest?: string;
}

/** `?cancel=true` rejects the review. */
export class StageReviewQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  cancel?: boolean;
}
