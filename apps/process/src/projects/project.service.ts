import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Caller, PROJECT_ROLES, ROLE_ACTIONS } from '@bkci/auth';
import { OutboxService } from '@bkci/messaging';
import { isUniqueViolation } from '@bkci/persistence';
import { emitEvent, PROJECT_CREATED, PROJECT_PERMISSIONS_CHANGED } from '@bkci/contracts';
import { In, Repository } from 'typeorm';
import { CreateProjectDto } from './dto/create-project.dto';
import { ProjectDto, toProjectDto } from './dto/project.dto';
import { ProjectGroupMemberEntity } from './entities/project-group-member.entity';
import { ProjectGroupEntity } from './entities/project-group.entity';
import { ProjectEntity } from './entities/project.entity';
import { ProjectError, ProjectErrorCode } from './project.errors';
import { activeMembership } from './active-membership';

const ROLE_NAMES = { manager: 'Manager', developer: 'Developer', viewer: 'Viewer' } as const;

@Injectable()
export class ProjectService {
  constructor(
    private readonly outbox: OutboxService,
    @InjectRepository(ProjectEntity) private readonly projects: Repository<ProjectEntity>,
    @InjectRepository(ProjectGroupMemberEntity) private readonly members: Repository<ProjectGroupMemberEntity>,
  ) {}

  /** Creates the project with its three built-in roles and makes the creator its manager. */
  async create(caller: Caller, dto: CreateProjectDto): Promise<ProjectDto> {
    const projectId = dto.englishName;
    if (await this.projects.existsBy({ projectId })) throw alreadyExists(projectId);
    const now = new Date();
    const project: ProjectEntity = {
      projectId,
      projectName: dto.projectName,
      description: dto.description ?? '',
      projectType: dto.projectType ?? 0,
      bgId: dto.bgId ?? 0,
      bgName: dto.bgName ?? '',
      deptId: dto.deptId ?? 0,
      deptName: dto.deptName ?? '',
      centerId: dto.centerId ?? 0,
      centerName: dto.centerName ?? '',
      secrecy: dto.secrecy ?? false,
      kind: dto.kind ?? 0,
      enabled: true,
      creator: caller.userId,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.outbox.transaction(async ({ manager, emit }) => {
        await manager.insert(ProjectEntity, project);
        await manager.insert(
          ProjectGroupEntity,
          PROJECT_ROLES.map((role) => ({
            projectId,
            groupCode: role,
            groupName: ROLE_NAMES[role],
            description: '',
            actions: ROLE_ACTIONS[role],
            builtIn: true,
            createdAt: now,
          })),
        );
        await manager.insert(ProjectGroupMemberEntity, {
          projectId,
          groupCode: 'manager',
          userId: caller.userId,
          expiredAt: null,
          joinedAt: now,
        });
        emitEvent(emit, PROJECT_CREATED, { projectId, creator: caller.userId });
        emitEvent(emit, PROJECT_PERMISSIONS_CHANGED, { projectId });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(projectId);
      throw error;
    }
    return toProjectDto(project);
  }

  /** The projects the caller belongs to; a system administrator sees them all. */
  async listForCaller(caller: Caller): Promise<ProjectDto[]> {
    if (caller.admin) {
      return (await this.projects.find({ order: { projectId: 'ASC' } })).map(toProjectDto);
    }
    const memberships = await this.members.find({ where: activeMembership({ userId: caller.userId }) });
    const projectIds = [...new Set(memberships.map((m) => m.projectId))];
    if (projectIds.length === 0) return [];
    const projects = await this.projects.find({ where: { projectId: In(projectIds) }, order: { projectId: 'ASC' } });
    return projects.map(toProjectDto);
  }

  async get(projectId: string): Promise<ProjectDto> {
    return toProjectDto(await this.require(projectId));
  }

  async require(projectId: string): Promise<ProjectEntity> {
    const project = await this.projects.findOneBy({ projectId });
    if (!project) throw new ProjectError(ProjectErrorCode.PROJECT_NOT_FOUND, `Project ${projectId} does not exist`);
    return project;
  }
}

function alreadyExists(projectId: string): ProjectError {
  return new ProjectError(
    ProjectErrorCode.PROJECT_ALREADY_EXISTS,
    `A project with englishName ${projectId} already exists; choose another englishName`,
  );
}
