import { AppCodeProjectEntity } from '../entities/app-code-project.entity';

/** BK-CI's AppCodeProjectResponse: createTime in epoch milliseconds. */
export interface AppCodeProjectDto {
  id: number;
  appCode: string;
  projectId: string;
  creator: string | null;
  createTime: number | null;
}

export function toAppCodeProjectDto(row: AppCodeProjectEntity): AppCodeProjectDto {
  return { id: row.id, appCode: row.appCode, projectId: row.projectId, creator: row.creator, createTime: row.createdAt.getTime() };
}
