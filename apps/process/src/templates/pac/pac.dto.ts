import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';

/** A push event for one template file (what BK-CI's webhook hands PTemplateYamlResourceService). */
export class PacPushDto {
  @ApiProperty({ example: '.ci/templates/build.yml' }) @IsString() @Length(1, 512) filePath: string;
  @ApiProperty({ description: 'the file’s v3.0 YAML' }) @IsString() @MaxLength(1024 * 1024) yaml: string;
  @ApiProperty() @IsString() @Length(1, 128) branch: string;
  @ApiProperty() @IsBoolean() isDefaultBranch: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1024) commitMessage?: string;
}

export class PacBranchDeletedDto {
  @ApiProperty() @IsString() @Length(1, 128) branch: string;
}

export class PacFileDeletedDto {
  @ApiProperty({ example: '.ci/templates/build.yml' }) @IsString() @Length(1, 512) filePath: string;
}
