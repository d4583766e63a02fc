import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { STRATEGIES, Strategy } from '@bkci/template-version';

export class PublishDto {
  @ApiPropertyOptional({ description: 'a released version; the latest release when absent' }) @IsOptional() @IsInt() @Min(1) version?: number;
  @ApiPropertyOptional({ enum: STRATEGIES }) @IsOptional() @IsIn(STRATEGIES) publishStrategy?: Strategy;
}

/** BK-CI PipelineTemplateMarketCreateReq. */
export class MarketCreateDto {
  @ApiProperty() @IsString() @Length(1, 32) marketTemplateId: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) marketTemplateVersion?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() copySetting?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) name?: string;
}

/** BK-CI's OpenAPI v4 install body: the store template into each listed project. */
export class InstallFromStoreDto {
  @ApiProperty() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) projectCodeList: string[];
  @ApiProperty() @IsString() @Length(1, 32) templateCode: string;
}

export class UpgradeStrategyDto {
  @ApiProperty({ enum: STRATEGIES }) @IsIn(STRATEGIES) upgradeStrategy: Strategy;
  @ApiPropertyOptional({ enum: STRATEGIES }) @IsOptional() @IsIn(STRATEGIES) settingSyncStrategy?: Strategy;
}
