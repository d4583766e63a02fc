import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, Length, ValidateNested } from 'class-validator';

/** The project of a /user/nodetag call (BK-CI passes it as a query parameter). */
export class NodeTagProjectQueryDto {
  @ApiProperty() @IsString() @Length(1, 64) projectId: string;
}

export class DeleteTagQueryDto extends NodeTagProjectQueryDto {
  @ApiProperty() @Type(() => Number) @IsInt() tagKeyId: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() tagValueId?: number;
}

/** BK-CI NodeTagReq: a new key and its values. */
export class NodeTagReqDto {
  @ApiProperty() @IsString() @Length(1, 64) tagKeyName: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() tagAllowMulValue?: boolean;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @Length(1, 64, { each: true }) tagValues: string[];
}

/** BK-CI NodeTagAddOrDeleteTagItem. */
export class NodeTagItemDto {
  @ApiProperty() @Type(() => Number) @IsInt() tagKeyId: number;
  @ApiProperty() @Type(() => Number) @IsInt() tagValueId: number;
}

/** BK-CI UpdateNodeTag: the tags one node carries from now on; the node by its id (BK-CI) or hash id. */
export class UpdateNodeTagDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() nodeId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() nodeHashId?: string;
  @ApiProperty({ type: [NodeTagItemDto] }) @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => NodeTagItemDto) tags: NodeTagItemDto[];
}

/** BK-CI NodeTagUpdateReqValue: a value renamed (with its id) or added (without). */
export class NodeTagUpdateValueDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() tagValueId?: number;
  @ApiProperty() @IsString() @Length(1, 64) tagValueName: string;
}

/** BK-CI NodeTagUpdateReq: the key's new name and its full list of values (a value left out is deleted). */
export class NodeTagUpdateReqDto {
  @ApiProperty() @Type(() => Number) @IsInt() tagKeyId: number;
  @ApiProperty() @IsString() @Length(1, 64) tagKeyName: string;
  @ApiPropertyOptional({ type: [NodeTagUpdateValueDto] }) @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => NodeTagUpdateValueDto) tagValues?: NodeTagUpdateValueDto[];
}

export class NodeTagAndEnvQueryDto extends NodeTagProjectQueryDto {
  @ApiProperty() @IsString() @Length(1, 64) nodeHashId: string;
}
