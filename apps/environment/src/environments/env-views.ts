import type { ResourcePermissions } from '@bkci/platform';
import type { EnvEntity, StoredEnvVar } from './entities/env.entity';
import type { EnvOperateContent, EnvOperateLogEntity } from './entities/env-operate-log.entity';
import type { EnvShareProjectEntity } from './entities/env-share-project.entity';
import { MASK } from './env-types';

/** BK-CI EnvVar as read: a secure variable's value is always the mask. */
export interface EnvVarView {
  name: string;
  value: string;
  secure: boolean;
  lastUpdateUser: string;
  lastUpdateTime: number;
}

/** BK-CI EnvWithPermission. */
export interface EnvWithPermission {
  envHashId: string;
  name: string;
  desc: string;
  envType: string;
  envNodeType: string;
  os: string | null;
  nodeCount: number | null;
  envVars: EnvVarView[];
  createdUser: string;
  createdTime: number;
  updatedUser: string;
  updatedTime: number;
  canEdit: boolean | null;
  canDelete: boolean | null;
  canUse: boolean | null;
}

/** BK-CI EnvWithNodeCount: an env of the project, or one shared into it (`sharedProjectId` its main project). */
export interface EnvWithNodeCount {
  projectId: string;
  envHashId: string;
  name: string;
  normalNodeCount: number;
  abnormalNodeCount: number;
  sharedProjectId: string | null;
  sharedUserId: string | null;
}

/** BK-CI SharedProjectInfo, with its field names as BK-CI fills them (`gitProjectId` is the shared project). */
export interface SharedProjectInfo {
  projectId: string;
  gitProjectId: string;
  name: string;
  type: string;
  creator: string;
  createTime: number;
  updateTime: number;
}

/** BK-CI EnvOperateLog. */
export interface EnvOperateLogView {
  id: number;
  projectId: string;
  envId: number;
  operateOrigin: string;
  operateName: string;
  operateContent: EnvOperateContent | null;
  operator: string;
  createTime: number;
}

export function maskedVars(vars: StoredEnvVar[]): EnvVarView[] {
  return vars.map((envVar) => ({ ...envVar, value: envVar.secure ? MASK : envVar.value }));
}

export function toEnvWithPermission(env: EnvEntity, nodeCount: number | null, permissions: ResourcePermissions | null): EnvWithPermission {
  return {
    envHashId: env.envHashId,
    name: env.envName,
    desc: env.envDesc,
    envType: env.envType,
    envNodeType: env.envNodeType,
    os: env.os,
    nodeCount,
    envVars: maskedVars(env.envVars),
    createdUser: env.createdUser,
    createdTime: env.createdTime.getTime(),
    updatedUser: env.updatedUser,
    updatedTime: env.updatedTime.getTime(),
    canEdit: permissions?.edit ?? null,
    canDelete: permissions?.delete ?? null,
    canUse: permissions?.use ?? null,
  };
}

export function toSharedProjectInfo(row: EnvShareProjectEntity): SharedProjectInfo {
  return {
    projectId: row.mainProjectId,
    gitProjectId: row.sharedProjectId,
    name: row.sharedProjectName,
    type: row.type,
    creator: row.creator,
    createTime: row.createTime.getTime(),
    updateTime: row.updateTime.getTime(),
  };
}

export function toOperateLogView(row: EnvOperateLogEntity): EnvOperateLogView {
  return {
    id: row.id,
    projectId: row.projectId,
    envId: row.envId,
    operateOrigin: row.operateOrigin,
    operateName: row.operateName,
    operateContent: row.operateContent,
    operator: row.createdUser,
    createTime: row.createTime.getTime(),
  };
}
