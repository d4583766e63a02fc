import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { ALL_ACTIONS, Action } from '@bkci/auth';
import { GroupDto, MemberDto } from './group.dto';
import { ProjectDto } from './project.dto';

/*
 * The project reads' answers as the API document shows them (the SDK's types). Each implements the
 * answer's interface, so the compiler catches a field added there and not here.
 */

@ApiSchema({ name: 'Project', description: "A project as BK-CI's ProjectVO shows it: projectId, projectCode and englishName are all the id" })
export class ProjectAnswerDto implements ProjectDto {
  @ApiProperty() projectId: string;
  @ApiProperty() projectCode: string;
  @ApiProperty() englishName: string;
  @ApiProperty() projectName: string;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'integer' }) projectType: number;
  @ApiProperty({ type: 'integer' }) bgId: number;
  @ApiProperty() bgName: string;
  @ApiProperty({ type: 'integer' }) deptId: number;
  @ApiProperty() deptName: string;
  @ApiProperty({ type: 'integer' }) centerId: number;
  @ApiProperty() centerName: string;
  @ApiProperty() secrecy: boolean;
  @ApiProperty({ type: 'integer' }) kind: number;
  @ApiProperty() enabled: boolean;
  @ApiProperty() creator: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

@ApiSchema({ name: 'ProjectGroup', description: "A project's user group and the actions its members may take" })
export class ProjectGroupAnswerDto implements GroupDto {
  @ApiProperty() groupCode: string;
  @ApiProperty() groupName: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'The groups every project has (manager, …)' }) builtIn: boolean;
  @ApiProperty({ enum: ALL_ACTIONS, isArray: true }) actions: Action[];
}

@ApiSchema({ name: 'ProjectMembership', description: 'A group a member belongs to' })
export class ProjectMembershipDto {
  @ApiProperty() groupCode: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the membership ends; null for never' }) expiredAt: string | null;
}

@ApiSchema({ name: 'ProjectMember', description: 'A member of a project and the groups they are in' })
export class ProjectMemberAnswerDto implements MemberDto {
  @ApiProperty() userId: string;
  @ApiProperty({ type: [ProjectMembershipDto] }) groups: ProjectMembershipDto[];
}
