import { Inject, Injectable } from '@nestjs/common';
import { Caller, PROJECT_ROLES, ROLE_ACTIONS } from '@bkci/auth';
import { OutboxService } from '@bkci/messaging';
import { isUniqueViolation } from '@bkci/persistence';
import { emitEvent, PROJECT_CREATED, PROJECT_PERMISSIONS_CHANGED } from '@bkci/contracts';
import { PROCESS_CONFIG, ProcessConfig } from '../process.config';
import { CreateProjectDto } from './dto/create-project.dto';
import { ProjectDto, toProjectDto } from './dto/project.dto';
import { ProjectEntity } from './entities/project.entity';
import { ProjectGroupRepository } from './project-group.repository';
import { ProjectError, ProjectErrorCode } from './project.errors';
import { ProjectRepository } from './project.repository';

const ROLE_NAMES = { manager: 'Manager', developer: 'Developer', viewer: 'Viewer' } as const;

@Injectable()
export class ProjectService {
  constructor(
    @Inject(PROCESS_CONFIG.token) private readonly config: ProcessConfig,
    private readonly outbox: OutboxService,
    private readonly projects: ProjectRepository,
    private readonly groups: ProjectGroupRepository,
  ) {}

  /** Creates the project with its three built-in roles and makes the creator its manager. */
  async create(caller: Caller, dto: CreateProjectDto): Promise<ProjectDto> {
    if (this.config.projectCreators === 'admins' && !caller.admin) {
      throw new ProjectError(ProjectErrorCode.PROJECT_CREATION_RESTRICTED, 'Only administrators may create projects here (BKCI_PROJECT_CREATORS=admins); ask one to create it and add you');
    }
    const projectId = dto.englishName;
    if (await this.projects.exists(projectId)) throw alreadyExists(projectId);
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
        await this.projects.insert(project, manager);
        await this.groups.insertGroups(
          PROJECT_ROLES.map((role) => ({
            projectId,
            groupCode: role,
            groupName: ROLE_NAMES[role],
            description: '',
            actions: ROLE_ACTIONS[role],
            builtIn: true,
            createdAt: now,
          })),
          manager,
        );
        await this.groups.insertMember(
          {
            projectId,
            groupCode: 'manager',
            userId: caller.userId,
            expiredAt: null,
            joinedAt: now,
          },
          manager,
        );
        emitEvent(emit, PROJECT_CREATED, { projectId, creator: caller.userId });
        emitEvent(emit, PROJECT_PERMISSIONS_CHANGED, { projectId });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(projectId);
      throw error;
    }
    return toProjectDto(project);
  }

  /**
   * The projects the caller belongs to; a system administrator sees them all. A token limited to
   * some projects (`project:<id>` scopes) sees only those.
   */
  async listForCaller(caller: Caller): Promise<ProjectDto[]> {
    const inScope = (projectId: string) => !caller.scope?.projects || caller.scope.projects.includes(projectId);
    if (caller.admin) {
      return (await this.projects.all()).filter((project) => inScope(project.projectId)).map(toProjectDto);
    }
    const memberships = await this.groups.activeMembershipsOfUser(caller.userId);
    const projectIds = [...new Set(memberships.map((m) => m.projectId))].filter(inScope);
    if (projectIds.length === 0) return [];
    const projects = await this.projects.byIds(projectIds);
    return projects.map(toProjectDto);
  }

  async get(projectId: string): Promise<ProjectDto> {
    return toProjectDto(await this.require(projectId));
  }

  async require(projectId: string): Promise<ProjectEntity> {
    const project = await this.projects.find(projectId);
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
