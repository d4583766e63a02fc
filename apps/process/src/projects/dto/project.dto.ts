import { ProjectEntity } from '../entities/project.entity';

/** The project as BK-CI's ProjectVO shows it: projectId and projectCode both carry englishName. */
export interface ProjectDto {
  projectId: string;
  projectCode: string;
  englishName: string;
  projectName: string;
  description: string;
  projectType: number;
  bgId: number;
  bgName: string;
  deptId: number;
  deptName: string;
  centerId: number;
  centerName: string;
  secrecy: boolean;
  kind: number;
  enabled: boolean;
  creator: string;
  createdAt: string;
  updatedAt: string;
}

export function toProjectDto(project: ProjectEntity): ProjectDto {
  return {
    projectId: project.projectId,
    projectCode: project.projectId,
    englishName: project.projectId,
    projectName: project.projectName,
    description: project.description,
    projectType: project.projectType,
    bgId: project.bgId,
    bgName: project.bgName,
    deptId: project.deptId,
    deptName: project.deptName,
    centerId: project.centerId,
    centerName: project.centerName,
    secrecy: project.secrecy,
    kind: project.kind,
    enabled: project.enabled,
    creator: project.creator,
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
  };
}
