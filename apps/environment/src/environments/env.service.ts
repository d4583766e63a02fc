import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import { ProjectResources } from '@bkci/platform';
import { EntityManagerLike } from '../transaction';
import { EnvironmentError, EnvironmentErrorCode } from '../environment.errors';
import { NodeRepository } from '../nodes/node.repository';
import { CreateEnvDto, EnvVarsQueryDto, ListEnvsDto, UpdateEnvDto } from './dto/env.dto';
import { EnvEntity } from './entities/env.entity';
import { EnvMembers } from './env-members.service';
import { EnvNodeRepository } from './env-node.repository';
import { EnvOperateLogService } from './env-operate-log.service';
import { EnvShareRepository } from './env-share.repository';
import { isBuildEnv } from './env-types';
import { EnvVarVault } from './env-var-vault';
import { mergeEnvVars } from './env-vars';
import { EnvVarView, EnvWithNodeCount, EnvWithPermission, maskedVars, toEnvWithPermission } from './env-views';
import { decodeAll, EnvRepository } from './env.repository';

/** Names are unique per project: creates and renames of one project take turns (a short write each, so waiting is cheap). */
const nameLock = (projectId: string) => `environment:env-names:${projectId}`;
const NAME_LOCK_OPTIONS = { ttlMs: 10_000, waitMs: 5_000 };

/** Creating, changing, deleting, listing and reading envs (BK-CI EnvService); members are EnvMembers'. */
@Injectable()
export class EnvService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly locks: LockService,
    private readonly envs: EnvRepository,
    private readonly envNodes: EnvNodeRepository,
    private readonly shares: EnvShareRepository,
    private readonly nodes: NodeRepository,
    private readonly members: EnvMembers,
    private readonly vault: EnvVarVault,
    private readonly resources: ProjectResources,
    private readonly operateLog: EnvOperateLogService,
  ) {}

  /** Stores the env with its first members and makes its creator its manager; if that fails, nothing is kept. */
  async create(caller: Caller, projectId: string, dto: CreateEnvDto): Promise<{ hashId: string }> {
    checkName(dto.name);
    const now = new Date();
    const vars = mergeEnvVars(dto.envVars ?? [], [], {}, caller.userId, now.getTime());
    const os = isBuildEnv(dto.envType) ? (dto.os ?? null) : null;
    const nodes = await this.members.addable(caller, projectId, { envHashId: null, envType: dto.envType, os }, dto.nodeHashIds ?? []);
    const env = await this.locks.withLock(nameLock(projectId), () =>
      this.outbox.transaction(async (tx) => {
        await this.assertNameFree(projectId, dto.name, null, tx.manager);
        const row = {
          projectId,
          envName: dto.name,
          envDesc: dto.desc ?? '',
          envType: dto.envType,
          envNodeType: 'NODE',
          os,
          envVars: vars.stored,
          createdUser: caller.userId,
          createdTime: now,
          updatedUser: caller.userId,
          updatedTime: now,
          isDeleted: false,
        };
        const created = await this.envs.insert(row, (envId) => this.vault.seal(projectId, envId, vars.secureValues), tx.manager);
        await this.envNodes.add(projectId, created.envId, nodes.map((node) => node.nodeId), tx.manager);
        return created;
      }),
      NAME_LOCK_OPTIONS,
    );
    await this.resources.registerCreated(projectId, 'environment', env.envHashId, caller.userId, () => this.outbox.transaction((tx) => this.envs.softDelete(env.envId, caller.userId, tx.manager)));
    return { hashId: env.envHashId };
  }

  /** BK-CI updateEnvironment: name, desc and (when given) the variables; BUILD and deploy types never flip. */
  async update(caller: Caller, projectId: string, envHashId: string, dto: UpdateEnvDto): Promise<void> {
    checkName(dto.name);
    const env = await this.require(projectId, envHashId);
    if (isBuildEnv(env.envType) && !isBuildEnv(dto.envType)) {
      throw new EnvironmentError(EnvironmentErrorCode.ENV_BUILD_2_DEPLOY_DENY, `Env ${env.envName} is a BUILD env and cannot become a ${dto.envType} (deploy) env`, { envHashId });
    }
    if (!isBuildEnv(env.envType) && isBuildEnv(dto.envType)) {
      throw new EnvironmentError(EnvironmentErrorCode.ENV_DEPLOY_2_BUILD_DENY, `Env ${env.envName} is a ${env.envType} (deploy) env and cannot become a BUILD env`, { envHashId });
    }
    const now = new Date();
    const vars = dto.envVars ? mergeEnvVars(dto.envVars, env.envVars, this.vault.open(projectId, env.envId, env), caller.userId, now.getTime()) : null;
    await this.locks.withLock(nameLock(projectId), () =>
      this.outbox.transaction(async (tx) => {
        await this.assertNameFree(projectId, dto.name, env.envId, tx.manager);
        await this.envs.update(
          env.envId,
          {
            envName: dto.name,
            envDesc: dto.desc ?? '',
            envType: dto.envType,
            ...(vars ? { envVars: vars.stored, ...this.vault.seal(projectId, env.envId, vars.secureValues) } : {}),
            updatedUser: caller.userId,
            updatedTime: now,
          },
          tx.manager,
        );
        if (dto.name !== env.envName) await this.shares.rename(env.envId, dto.name, tx.manager);
        const content = vars ? { content: JSON.stringify(maskedVars(vars.stored)), resourceCount: null } : null;
        await this.operateLog.record(caller, projectId, env.envId, vars ? 'UPDATE_ENV_VAR' : 'UPDATE_INFO', content, tx.manager);
      }),
      NAME_LOCK_OPTIONS,
    );
  }

  /** Soft-deletes the env (its members and shares go) and drops its grants. */
  async delete(caller: Caller, projectId: string, envHashId: string): Promise<void> {
    const env = await this.require(projectId, envHashId);
    await this.outbox.transaction((tx) => this.envs.softDelete(env.envId, caller.userId, tx.manager));
    await this.resources.forgetDeleted(projectId, 'environment', env.envHashId, caller.userId);
  }

  /** The env with what the caller may do with it (view is checked by the route). */
  async get(caller: Caller, projectId: string, envHashId: string): Promise<EnvWithPermission> {
    const env = await this.require(projectId, envHashId);
    const counts = await this.members.countByEnv([env.envId]);
    return toEnvWithPermission(env, counts.get(env.envId) ?? 0, await this.resources.permissionsOn(caller, projectId, 'environment', env.envHashId));
  }

  /** BK-CI listEnvironment: the envs the caller may list, filtered by name, type or member node. */
  async list(caller: Caller, projectId: string, query: ListEnvsDto): Promise<EnvWithPermission[]> {
    // This app makes no creative-stream envs, so a createMode list is empty.
    if (query.createMode) return [];
    const { listable, permissionsOn } = await this.resources.forList(caller, projectId, 'environment');
    let envIds = listable === null ? null : decodeAll(listable);
    if (query.nodeHashId) {
      const node = await this.nodes.findByHashId(projectId, query.nodeHashId);
      const withNode = node ? (await this.envNodes.listByNodeIds([node.nodeId])).map((member) => member.envId) : [];
      envIds = envIds === null ? withNode : envIds.filter((id) => withNode.includes(id));
    }
    const envs = await this.envs.list(projectId, { envName: query.envName, envTypes: query.envType ? [query.envType] : undefined, envIds });
    const counts = await this.members.countByEnv(envs.map((env) => env.envId));
    return envs.map((env) => toEnvWithPermission(env, counts.get(env.envId) ?? 0, permissionsOn(env.envHashId)));
  }

  /** BK-CI listEnvironmentByType: the envs of a type the caller may list, and those shared into the project. */
  listByType(caller: Caller, projectId: string, envType: string): Promise<EnvWithNodeCount[]> {
    return this.withNodeCounts(caller, projectId, envType, null);
  }

  /** BK-CI listBuildEnvs: BUILD envs for an OS (unbound ones too), counting the nodes of that OS. */
  listBuildEnvs(caller: Caller, projectId: string, os: string): Promise<EnvWithNodeCount[]> {
    return this.withNodeCounts(caller, projectId, 'BUILD', os);
  }

  /** BK-CI getEnvEnvs: the variables, secure values masked; `envValue` never matches a secure value. */
  async envVars(projectId: string, envHashId: string, query: EnvVarsQueryDto): Promise<EnvVarView[]> {
    const env = await this.require(projectId, envHashId);
    return maskedVars(env.envVars)
      .filter((envVar) => !query.envName || envVar.name === query.envName)
      .filter((envVar) => !query.envValue || (!envVar.secure && envVar.value === query.envValue))
      .filter((envVar) => query.source === undefined || envVar.secure === query.source)
      .filter((envVar) => !query.lastUpdateUser || envVar.lastUpdateUser === query.lastUpdateUser)
      .sort((a, b) => b.lastUpdateTime - a.lastUpdateTime);
  }

  /** The project's envs among these hash ids or names, unmasked permissions aside (BK-CI listRawByEnvHashIds / listRawByEnvNames). */
  async listRaw(caller: Caller, projectId: string, by: { envHashIds?: string[]; envNames?: string[] }): Promise<EnvWithPermission[]> {
    const envs = by.envHashIds ? await this.envs.listByHashIds(projectId, by.envHashIds) : await this.envs.listByNames(projectId, by.envNames ?? []);
    const usable = await this.resources.allowedCodes(caller, projectId, 'environment', 'use');
    return envs.map((env) => ({ ...toEnvWithPermission(env, null, null), canUse: usable === null || usable.includes(env.envHashId) }));
  }

  /** BK-CI getEnvCount: live envs per type; none with `createEnv` (this app makes no creative-stream envs). */
  async countByType(projectId: string, createEnv: boolean | undefined): Promise<Record<string, number>> {
    return createEnv ? {} : this.envs.countByType(projectId);
  }

  async require(projectId: string, envHashId: string): Promise<EnvEntity> {
    const env = await this.envs.findByHashId(projectId, envHashId);
    if (!env) throw new EnvironmentError(EnvironmentErrorCode.ENV_NOT_EXISTS, `Env ${envHashId} does not exist in project ${projectId}`, { envHashId });
    return env;
  }

  private async assertNameFree(projectId: string, envName: string, exceptEnvId: number | null, manager: EntityManagerLike): Promise<void> {
    if (await this.envs.nameTaken(projectId, envName, exceptEnvId, manager)) {
      throw new EnvironmentError(EnvironmentErrorCode.ENV_NAME_DUPLICATE, `An env named ${envName} already exists in project ${projectId}`, { envName });
    }
  }

  /** The project's envs of a type the caller may list plus those shared into it, with their NORMAL and other node counts. */
  private async withNodeCounts(caller: Caller, projectId: string, envType: string, os: string | null): Promise<EnvWithNodeCount[]> {
    const { listable } = await this.resources.forList(caller, projectId, 'environment');
    const own = await this.envs.list(projectId, { envTypes: [envType], envIds: listable === null ? null : decodeAll(listable) });
    const sharedRows = await this.shares.sharedInto(projectId);
    const shared = (await this.envs.listByIds(sharedRows.map((row) => row.envId))).filter((env) => env.envType === envType);
    const envs = [...own.map((env) => ({ env, share: null })), ...shared.map((env) => ({ env, share: sharedRows.find((row) => row.envId === env.envId) ?? null }))].filter(
      ({ env }) => os === null || env.os === null || env.os === os,
    );
    const nodesByEnv = await this.members.enabledNodesByEnv(envs.map(({ env }) => env.envId));
    return envs.map(({ env, share }) => {
      const nodes = (nodesByEnv.get(env.envId) ?? []).filter((node) => os === null || node.osType === os);
      const normal = nodes.filter((node) => node.nodeStatus === 'NORMAL').length;
      return {
        projectId: env.projectId,
        envHashId: env.envHashId,
        name: env.envName,
        normalNodeCount: normal,
        abnormalNodeCount: nodes.length - normal,
        sharedProjectId: share ? share.mainProjectId : null,
        sharedUserId: share ? share.creator : null,
      };
    });
  }
}

/** BK-CI checkName: '@' is kept for `<mainProjectId>@<envName>`. */
function checkName(name: string): void {
  if (name.includes('@')) {
    throw new EnvironmentError(EnvironmentErrorCode.ENV_NAME_INVALID_CHARACTER, `Env name ${name} may not contain "@" (it names shared envs as <projectId>@<envName>)`, { envName: name });
  }
}
