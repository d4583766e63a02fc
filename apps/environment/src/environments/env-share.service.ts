import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { Page, resolvePaging, toPage } from '@bkci/core';
import { OutboxService } from '@bkci/messaging';
import { EnvironmentError, EnvironmentErrorCode } from '../environment.errors';
import { ListSharesDto, ShareEnvDto } from './dto/env.dto';
import { EnvMembers } from './env-members.service';
import { EnvOperateLogService } from './env-operate-log.service';
import { EnvShareRepository } from './env-share.repository';
import { isBuildEnv } from './env-types';
import { SharedProjectInfo, toSharedProjectInfo } from './env-views';

/** BK-CI's cap on the projects one env is shared with. */
const MAX_SHARES = 500;

/** Sharing a BUILD env with other projects, which name it `<mainProjectId>@<envName>` (BK-CI setShareEnv and friends). */
@Injectable()
export class EnvShareService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly shares: EnvShareRepository,
    private readonly members: EnvMembers,
    private readonly operateLog: EnvOperateLogService,
  ) {}

  async share(caller: Caller, projectId: string, envHashId: string, dto: ShareEnvDto): Promise<void> {
    const env = await this.members.requireEnv(projectId, { hashId: envHashId });
    if (dto.sharedProjects.length === 0) throw new EnvironmentError(EnvironmentErrorCode.SHARE_PROJECT_EMPTY, 'sharedProjects is empty: name at least one project to share the env with');
    if (!isBuildEnv(env.envType)) throw new EnvironmentError(EnvironmentErrorCode.SHARE_PROJECT_TYPE_ERROR, `Env ${env.envName} is a ${env.envType} env; only BUILD envs are shared`, { envHashId });
    const targets = dto.sharedProjects.map((target, index) => {
      const sharedProjectId = target.projectId ?? target.gitProjectId;
      if (!sharedProjectId) throw new EnvironmentError(EnvironmentErrorCode.SHARE_PROJECT_EMPTY, `sharedProjects[${index}] names no project: give its projectId`, { index });
      if (sharedProjectId === projectId) throw new EnvironmentError(EnvironmentErrorCode.SHARE_PROJECT_EMPTY, `sharedProjects[${index}] is project ${projectId} itself, which owns the env`, { index });
      return { ...target, sharedProjectId };
    });
    const now = new Date();
    await this.outbox.transaction(async (tx) => {
      const existing = await this.shares.count(env.envId, projectId, tx.manager);
      if (existing + targets.length > MAX_SHARES) {
        throw new EnvironmentError(EnvironmentErrorCode.QUOTA_LIMIT, `An env is shared with at most ${MAX_SHARES} projects; ${env.envName} is shared with ${existing} already`, { limit: MAX_SHARES, used: existing });
      }
      await this.shares.save(
        targets.map((target) => ({
          envId: env.envId,
          mainProjectId: projectId,
          sharedProjectId: target.sharedProjectId,
          envName: env.envName,
          sharedProjectName: target.name,
          type: target.type,
          creator: caller.userId,
          createTime: now,
          updateTime: now,
        })),
        tx.manager,
      );
      await this.operateLog.record(caller, projectId, env.envId, 'UPDATE_SHARE_SETTING', { content: JSON.stringify(targets.map((target) => target.sharedProjectId)), resourceCount: null }, tx.manager);
    });
  }

  async page(projectId: string, envHashId: string, query: ListSharesDto): Promise<Page<SharedProjectInfo>> {
    const env = await this.members.requireEnv(projectId, { hashId: envHashId });
    const paging = resolvePaging({ page: query.page, pageSize: query.pageSize ?? 20 });
    const [rows, count] = await this.shares.page(env.envId, projectId, { name: query.name, creator: query.creator }, paging);
    return toPage(rows.map(toSharedProjectInfo), count, paging);
  }

  /** Stops sharing with one project, or (`sharedProjectId` null) with all. */
  async unshare(caller: Caller, projectId: string, envHashId: string, sharedProjectId: string | null): Promise<void> {
    const env = await this.members.requireEnv(projectId, { hashId: envHashId });
    await this.outbox.transaction(async (tx) => {
      const removed = await this.shares.remove(env.envId, projectId, sharedProjectId, tx.manager);
      if (removed > 0) await this.operateLog.record(caller, projectId, env.envId, 'DELETE_SHARE_SETTING', { content: null, resourceCount: removed }, tx.manager);
    });
  }
}
