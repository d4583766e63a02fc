import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Length, Matches, Min } from 'class-validator';

/** BK-CI's ProjectCreateInfo. `englishName` becomes the project id and cannot change later. */
export class CreateProjectDto {
  @ApiProperty({ example: 'Demo project' })
  @IsString()
  @Length(1, 64)
  projectName: string;

  @ApiProperty({ example: 'demo', description: 'lowercase letters, digits and "-", starting with a letter, 2–32 long' })
  @Matches(/^[a-z][a-z0-9-]{1,31}$/, {
    message: 'englishName must be 2–32 lowercase letters, digits or "-", starting with a letter',
  })
  englishName: string;

  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) projectType?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1024) description?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) bgId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 255) bgName?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) businessLineId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 255) businessLineName?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) deptId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 255) deptName?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) centerId?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 255) centerName?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() secrecy?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) kind?: number;
  @ApiPropertyOptional() @IsOptional() @IsObject() properties?: Record<string, unknown>;
}
