import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Min, ValidateNested } from 'class-validator';
import { Page20Dto } from '../../environments/dto/env.dto';
import { NODE_SORT_COLUMNS, NodeSortType } from '../node.repository';
import { NODE_STATUSES, NODE_TYPES } from '../node-types';

const SORT_TYPES = Object.keys(NODE_SORT_COLUMNS);

/** BK-CI listNew / fetchNodes query: text filters match a part; `collation` ASC, else descending. */
export class NodeListQueryDto extends Page20Dto {
  @ApiPropertyOptional({ description: 'one IP (matches a part) or several, comma-separated (exact)' }) @IsOptional() @IsString() nodeIp?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() displayName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() createdUser?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() lastModifiedUser?: string;
  @ApiPropertyOptional({ description: 'matches the IP or the display name' }) @IsOptional() @IsString() keywords?: string;

  @ApiPropertyOptional({ enum: NODE_TYPES })
  @IsOptional()
  @IsIn(NODE_TYPES, { message: `nodeType must be one of ${NODE_TYPES.join(', ')}` })
  nodeType?: string;

  @ApiPropertyOptional({ enum: NODE_STATUSES })
  @IsOptional()
  @IsIn(NODE_STATUSES, { message: `nodeStatus must be one of ${NODE_STATUSES.join(', ')}` })
  nodeStatus?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() agentVersion?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() osName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() latestBuildPipelineId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) latestBuildTimeStart?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) latestBuildTimeEnd?: number;

  @ApiPropertyOptional({ enum: SORT_TYPES })
  @IsOptional()
  @IsIn(SORT_TYPES, { message: `sortType must be one of ${SORT_TYPES.join(', ')}` })
  sortType?: NodeSortType;

  @ApiPropertyOptional({ enum: ['ASC', 'DESC'] })
  @IsOptional()
  @IsIn(['ASC', 'DESC'], { message: 'collation must be ASC or DESC' })
  collation?: string;
}

/** BK-CI NodeTagFetchReq: nodes carrying a value of the key (any of `tagValues`, or any value when none are listed). */
export class NodeTagFetchDto {
  @ApiProperty() @Type(() => Number) @IsInt() tagKeyId: number;
  @ApiPropertyOptional({ type: [Number] }) @IsOptional() @IsArray() @IsInt({ each: true }) tagValues?: number[];
}

/** BK-CI NodeFetchReq. */
export class NodeFetchDto {
  @ApiPropertyOptional({ type: [NodeTagFetchDto] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => NodeTagFetchDto) tags?: NodeTagFetchDto[];
}

/** BK-CI DisplayName. */
export class DisplayNameDto {
  @ApiProperty() @IsString() @Length(1, 128) displayName: string;
}

/** For the engine: nodes carrying every tag (by key and value names). */
export class NodeTagSelectorDto {
  @ApiProperty() @IsString() @Length(1, 64) key: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) values?: string[];
}

export class NodesWithTagsDto {
  @ApiProperty({ type: [NodeTagSelectorDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => NodeTagSelectorDto) tags: NodeTagSelectorDto[];
}

/** BK-CI getRawNode: a node by hash id, else by display name. */
export class RawNodeQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() nodeHashId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() nodeName?: string;
}
