import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDateString, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Action, ALL_ACTIONS, USER_ID_PATTERN, USER_ID_RULE } from '@bkci/auth';
import { ProjectGroupEntity } from '../entities/project-group.entity';

export class CreateGroupDto {
  @ApiProperty({ example: 'release-managers' })
  @Matches(/^[a-z][a-z0-9_-]{1,63}$/, { message: 'groupCode must be 2–64 lowercase letters, digits, "_" or "-", starting with a letter' })
  groupCode: string;

  @ApiProperty() @IsString() @Length(1, 64) groupName: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 512) description?: string;

  @ApiProperty({ example: ['pipeline_view', 'pipeline_execute'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ALL_ACTIONS, { each: true, message: 'each action must be one of BK-CI\'s <resourceType>_<permission> ids, e.g. pipeline_view' })
  actions: Action[];
}

export class UpdateGroupDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) groupName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 512) description?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(ALL_ACTIONS, { each: true, message: 'each action must be one of BK-CI\'s <resourceType>_<permission> ids, e.g. pipeline_view' })
  actions?: Action[];
}

export class AddMembersDto {
  @ApiProperty({ example: ['alice', 'bob'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @Matches(USER_ID_PATTERN, { each: true, message: `each entry must be a user id: ${USER_ID_RULE}` })
  userIds: string[];

  @ApiPropertyOptional({ description: 'ISO time when the membership ends; omit for never' })
  @IsOptional()
  @IsDateString()
  expiredAt?: string;
}

export interface GroupDto {
  groupCode: string;
  groupName: string;
  description: string;
  builtIn: boolean;
  actions: Action[];
}

export interface MemberDto {
  userId: string;
  groups: Array<{ groupCode: string; expiredAt: string | null }>;
}

export function toGroupDto(group: ProjectGroupEntity): GroupDto {
  return {
    groupCode: group.groupCode,
    groupName: group.groupName,
    description: group.description,
    builtIn: group.builtIn,
    actions: group.actions,
  };
}
