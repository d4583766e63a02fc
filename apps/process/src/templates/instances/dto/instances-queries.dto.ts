import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { PageQueryDto } from '@bkci/core';

export class VersionQueryDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
}

export class ListInstancesDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) pipelineName?: string;
  @ApiPropertyOptional({ enum: ['PENDING_UPDATE', 'UPDATING', 'UPDATED', 'FAILED'] })
  @IsOptional()
  @IsIn(['PENDING_UPDATE', 'UPDATING', 'UPDATED', 'FAILED'])
  status?: 'PENDING_UPDATE' | 'UPDATING' | 'UPDATED' | 'FAILED';
}

export class BatchListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsIn(['INIT', 'INSTANCING', 'SUCCESS', 'FAILED', 'PARTIAL_SUCCESS']) status?: 'INIT' | 'INSTANCING' | 'SUCCESS' | 'FAILED' | 'PARTIAL_SUCCESS';
}

export class BatchItemsQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsIn(['INIT', 'SUCCESS', 'FAILED']) status?: 'INIT' | 'SUCCESS' | 'FAILED';
}

export class CompareYamlQueryDto {
  @Type(() => Number) @IsInt() @Min(1) templateVersion: number;
  @IsString() @Length(1, 34) pipelineId: string;
}
