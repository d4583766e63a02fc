import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '@bkci/core';

/** The query of `GET /op/metrics/apis`: exact filters, BK-CI's paging. */
export class ListCallMetricsDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'only this caller: `app:<appCode>` or `user:<userId>`' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  key?: string;

  @ApiPropertyOptional({ description: 'only this call, e.g. `POST /v4/projects/{projectId}/build_start`' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  api?: string;
}
