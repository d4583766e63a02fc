import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { PageQueryDto } from '@bkci/core';
import { TEMPLATE_SORT_TYPES, TemplateSortType } from '../../../pipelines/dto/template-relation.dto';

export class VersionQueryDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
}

/** `true`/`1` and `false`/`0` as booleans; anything else stays as sent, for IsBoolean to refuse. */
const booleanQuery = ({ value }: { value: unknown }) => ({ true: true, '1': true, false: false, '0': false })[String(value)] ?? value;

/** BK-CI's instance list order: sortType (default UPDATE_TIME) and desc (default true). */
export class InstanceSortQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TEMPLATE_SORT_TYPES }) @IsOptional() @IsIn(TEMPLATE_SORT_TYPES) sortType?: TemplateSortType;
  @ApiPropertyOptional({ default: true }) @IsOptional() @Transform(booleanQuery) @IsBoolean() desc?: boolean;
}

export class ListInstancesDto extends InstanceSortQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) pipelineName?: string;
  @ApiPropertyOptional({ description: 'matches updaters containing it' }) @IsOptional() @IsString() @Length(1, 64) updater?: string;
  @ApiPropertyOptional({ description: 'the template version instances were made from' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) templateVersion?: number;
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

export class CompareInstanceQueryDto {
  @IsString() @Length(1, 34) pipelineId: string;
  @ApiPropertyOptional({ description: 'the latest release when absent' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) comparedVersion?: number;
}
