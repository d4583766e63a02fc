import { Injectable } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { Page, resolvePaging, toPage } from '@bkci/core';
import { EntityManagerLike } from '../transaction';
import { EnvironmentError, EnvironmentErrorCode } from '../environment.errors';
import { EnvOperateContent } from './entities/env-operate-log.entity';
import { EnvOperateLogRepository } from './env-operate-log.repository';
import { EnvRepository } from './env.repository';
import { EnvOperateLogView, toOperateLogView } from './env-views';
import { OperateLogQueryDto } from './dto/env.dto';

/** BK-CI EnvOperateName: the changes the log records. */
export type EnvOperateName = 'UPDATE_ENV_VAR' | 'UPDATE_INFO' | 'UPDATE_SHARE_SETTING' | 'DELETE_SHARE_SETTING' | 'ENABLE_NODE' | 'DISABLE_NODE' | 'ADD_NODE' | 'REMOVE_NODE';

/**
 * BK-CI EnvOperateOrigin of a caller: INTERNAL for another app, API for a third-party app through
 * the gateway, WEB for a person.
 */
export function operateOrigin(caller: Caller): string {
  if (caller.issuer !== 'openapi') return 'INTERNAL';
  return caller.appCode ? 'API' : 'WEB';
}

/** The history of changes to envs: written with each change, read a page at a time. */
@Injectable()
export class EnvOperateLogService {
  constructor(
    private readonly logs: EnvOperateLogRepository,
    private readonly envs: EnvRepository,
    private readonly permissions: PermissionChecker,
  ) {}

  /** Records one change, in the transaction making it. */
  record(caller: Caller, projectId: string, envId: number, operateName: EnvOperateName, operateContent: EnvOperateContent | null, manager: EntityManagerLike): Promise<void> {
    return this.logs.add({ projectId, envId, operateOrigin: operateOrigin(caller), operateName, operateContent, createdUser: caller.userId, createTime: new Date() }, manager);
  }

  /** BK-CI fetchEnvOperateLog: needs view on the env (the project is a query parameter, so it is checked here). */
  async page(caller: Caller, query: OperateLogQueryDto): Promise<Page<EnvOperateLogView>> {
    await this.permissions.assertAllowed(caller, query.projectId, 'environment_view', query.envHashId);
    const env = await this.envs.findByHashId(query.projectId, query.envHashId);
    if (!env) throw new EnvironmentError(EnvironmentErrorCode.ENV_NOT_EXISTS, `Env ${query.envHashId} does not exist in project ${query.projectId}`, { envHashId: query.envHashId });
    const paging = resolvePaging(query);
    const [rows, count] = await this.logs.page(query.projectId, env.envId, query.operator, paging);
    return toPage(rows.map(toOperateLogView), count, paging);
  }
}
