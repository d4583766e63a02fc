import { Injectable } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { EnvEnabledNodes, EnvNodeInfo } from '@bkci/contracts';
import { Page, resolvePaging, toPage } from '@bkci/core';
import { OutboxService } from '@bkci/messaging';
import { ProjectResources } from '@bkci/platform';
import { EnvironmentError, EnvironmentErrorCode } from '../environment.errors';
import { NodeEntity } from '../nodes/entities/node.entity';
import { NodeRepository } from '../nodes/node.repository';
import { toNodeBaseInfo } from '../nodes/node-views';
import { EnvNodesQueryDto } from './dto/env.dto';
import { EnvEntity } from './entities/env.entity';
import { EnvNodeRepository } from './env-node.repository';
import { EnvOperateLogService } from './env-operate-log.service';
import { EnvShareRepository } from './env-share.repository';
import { BUILD_NODE_TYPES, isBuildEnv } from './env-types';
import { EnvRepository } from './env.repository';

/** What decides which nodes an env may hold. */
export interface EnvKind {
  envHashId: string | null;
  envType: string;
  os: string | null;
}

/** An env or a node named by hash id or by name (BK-CI's enable_node takes either). */
export interface NamedRef {
  hashId?: string;
  name?: string;
}

/** BK-CI's default page size for member lists. */
const DEFAULT_PAGE_SIZE = 20;

/** The static members of envs: adding, removing, enabling, and listing them (BK-CI EnvService's node half). */
@Injectable()
export class EnvMembers {
  constructor(
    private readonly outbox: OutboxService,
    private readonly envs: EnvRepository,
    private readonly envNodes: EnvNodeRepository,
    private readonly shares: EnvShareRepository,
    private readonly nodes: NodeRepository,
    private readonly resources: ProjectResources,
    private readonly permissions: PermissionChecker,
    private readonly operateLog: EnvOperateLogService,
  ) {}

  /**
   * The nodes named, once each is known to exist in the project, to be usable by the caller
   * (env_node_use), and to fit the env: a BUILD env holds build agents only (and of its OS when it
   * has one), a deploy env none.
   */
  async addable(caller: Caller, projectId: string, env: EnvKind, nodeHashIds: string[]): Promise<NodeEntity[]> {
    if (nodeHashIds.length === 0) return [];
    const found = await this.nodes.findByHashIds(projectId, nodeHashIds);
    const missing = nodeHashIds.filter((hash) => !found.some((node) => node.nodeHashId === hash));
    if (missing.length > 0) throw new EnvironmentError(EnvironmentErrorCode.NODE_NOT_EXISTS, `Nodes ${missing.join(',')} do not exist in project ${projectId}`, { nodeHashIds: missing });
    const usable = await this.resources.allowedCodes(caller, projectId, 'env_node', 'use');
    const refused = usable === null ? [] : found.filter((node) => !usable.includes(node.nodeHashId)).map((node) => node.nodeHashId);
    if (refused.length > 0) {
      throw new EnvironmentError(EnvironmentErrorCode.NODE_NO_USE_PERMISSION, `User ${caller.userId} lacks permission env_node_use on nodes ${refused.join(',')}`, { nodeHashIds: refused });
    }
    for (const node of found) {
      const buildNode = BUILD_NODE_TYPES.includes(node.nodeType);
      if (isBuildEnv(env.envType) && !buildNode) {
        throw new EnvironmentError(EnvironmentErrorCode.ENV_BUILD_CAN_NOT_ADD_SVR, `Node ${node.nodeHashId} is a ${node.nodeType} node; a BUILD env holds build agents only`, { nodeHashId: node.nodeHashId });
      }
      if (!isBuildEnv(env.envType) && buildNode) {
        throw new EnvironmentError(EnvironmentErrorCode.ENV_DEPLOY_CAN_NOT_ADD_AGENT, `Node ${node.nodeHashId} is a build agent; a ${env.envType} (deploy) env cannot hold it`, { nodeHashId: node.nodeHashId });
      }
      if (env.os !== null && node.osType !== env.os) {
        throw new EnvironmentError(EnvironmentErrorCode.ENV_ADD_NODE_OS_ERROR, `The env holds ${env.os} nodes only; node ${node.nodeHashId} runs ${node.osType || 'an unknown OS'}`, { nodeHashId: node.nodeHashId });
      }
    }
    return found;
  }

  /** BK-CI addEnvNodes: nodes already in the env are left as they are. */
  async add(caller: Caller, projectId: string, envHashId: string, nodeHashIds: string[]): Promise<void> {
    const env = await this.requireEnv(projectId, { hashId: envHashId });
    const nodes = await this.addable(caller, projectId, env, nodeHashIds);
    await this.outbox.transaction(async (tx) => {
      const present = new Set((await this.envNodes.listByEnvIds([env.envId], tx.manager)).map((member) => member.nodeId));
      const added = nodes.map((node) => node.nodeId).filter((nodeId) => !present.has(nodeId));
      await this.envNodes.add(projectId, env.envId, added, tx.manager);
      if (added.length > 0) await this.operateLog.record(caller, projectId, env.envId, 'ADD_NODE', { content: null, resourceCount: added.length }, tx.manager);
    });
  }

  /** BK-CI deleteEnvNodes: nodes not in the env are ignored. */
  async remove(caller: Caller, projectId: string, envHashId: string, nodeHashIds: string[]): Promise<void> {
    const env = await this.requireEnv(projectId, { hashId: envHashId });
    const nodes = await this.nodes.findByHashIds(projectId, nodeHashIds);
    await this.outbox.transaction(async (tx) => {
      const removed = await this.envNodes.remove(env.envId, nodes.map((node) => node.nodeId), tx.manager);
      if (removed > 0) await this.operateLog.record(caller, projectId, env.envId, 'REMOVE_NODE', { content: null, resourceCount: removed }, tx.manager);
    });
  }

  /** BK-CI enableNodeEnv: a member node stops (or starts again) being picked from this env. */
  async setEnabled(caller: Caller, projectId: string, envRef: NamedRef, nodeRef: NamedRef, enableNode: boolean, reason: string | undefined, checkEdit: boolean): Promise<void> {
    const env = await this.requireEnv(projectId, envRef);
    if (checkEdit) await this.permissions.assertAllowed(caller, projectId, 'environment_edit', env.envHashId);
    const node = await this.requireNode(projectId, nodeRef);
    await this.outbox.transaction(async (tx) => {
      if (!(await this.envNodes.setEnabled(env.envId, node.nodeId, enableNode, tx.manager))) {
        throw new EnvironmentError(EnvironmentErrorCode.NODE_NOT_IN_ENV, `Node ${node.displayName} is not in env ${env.envName}`, { nodeHashId: node.nodeHashId, envHashId: env.envHashId });
      }
      await this.operateLog.record(caller, projectId, env.envId, enableNode ? 'ENABLE_NODE' : 'DISABLE_NODE', { content: reason ?? '', resourceCount: 1 }, tx.manager);
    });
  }

  /** BK-CI listNodes: every member, with whether it is enabled in the env. */
  async list(projectId: string, envHashId: string): Promise<EnvNodeInfo[]> {
    const env = await this.requireEnv(projectId, { hashId: envHashId });
    return (await this.membersOf([env.envId])).get(env.envId) ?? [];
  }

  /** BK-CI listNodesNew: a page of the members, filtered. */
  async page(projectId: string, envHashId: string, query: EnvNodesQueryDto): Promise<Page<EnvNodeInfo>> {
    const env = await this.requireEnv(projectId, { hashId: envHashId });
    const members = await this.envNodes.listByEnvIds([env.envId]);
    const enabled = new Map(members.map((member) => [member.nodeId, member.enableNode]));
    const paging = resolvePaging({ page: query.page, pageSize: query.pageSize ?? DEFAULT_PAGE_SIZE });
    const [rows, count] = await this.nodes.page(
      projectId,
      { nodeIds: members.map((member) => member.nodeId), nodeIp: query.nodeIp, displayName: query.displayName, createdUser: query.createdUser, nodeStatus: query.nodeStatus },
      paging,
    );
    return toPage(
      rows.map((node) => toNodeBaseInfo(node, enabled.get(node.nodeId) ?? null)),
      count,
      paging,
    );
  }

  /** BK-CI listRawByEnvHashIds (nodes): the members of each env named, by its hash id. */
  async byEnvHashIds(projectId: string, envHashIds: string[]): Promise<Record<string, EnvNodeInfo[]>> {
    const envs = await this.envs.listByHashIds(projectId, envHashIds);
    const members = await this.membersOf(envs.map((env) => env.envId));
    return Object.fromEntries(envs.map((env) => [env.envHashId, members.get(env.envId) ?? []]));
  }

  /** How many live members each env has. */
  async countByEnv(envIds: number[]): Promise<Map<number, number>> {
    const members = await this.membersOf(envIds);
    return new Map(envIds.map((envId) => [envId, members.get(envId)?.length ?? 0]));
  }

  /** The enabled live members of each env. */
  async enabledNodesByEnv(envIds: number[]): Promise<Map<number, EnvNodeInfo[]>> {
    const members = await this.membersOf(envIds);
    return new Map(envIds.map((envId) => [envId, (members.get(envId) ?? []).filter((node) => node.envEnableNode === true)]));
  }

  /** For the engine: the enabled nodes of an env of the project. */
  async enabledNodes(projectId: string, envHashId: string): Promise<EnvEnabledNodes> {
    return this.enabledNodesOf(await this.requireEnv(projectId, { hashId: envHashId }));
  }

  /**
   * For the engine: the enabled nodes of the env a pipeline names. `<mainProjectId>@<envName>` (one
   * '@', both parts non-blank) is an env that project shared with this one, or this project's own
   * env when it names this project; any other name is an env of this project (BK-CI getAgentByEnvName).
   */
  async enabledNodesByName(projectId: string, envName: string): Promise<EnvEnabledNodes> {
    const parts = envName.split('@');
    const qualified = parts.length === 2 && parts[0].trim() !== '' && parts[1].trim() !== '';
    if (qualified && parts[0] === projectId) return this.enabledNodesOf(await this.requireEnv(projectId, { name: parts[1] }));
    if (qualified) {
      const [mainProjectId, sharedName] = parts;
      const [share] = await this.shares.sharedInto(projectId, { mainProjectId, envName: sharedName });
      const env = share ? await this.envs.findByName(mainProjectId, sharedName) : null;
      if (!env) throw new EnvironmentError(EnvironmentErrorCode.ENV_NOT_EXISTS, `Env ${sharedName} of project ${mainProjectId} does not exist or is not shared with project ${projectId}`, { envName });
      return this.enabledNodesOf(env);
    }
    return this.enabledNodesOf(await this.requireEnv(projectId, { name: envName }));
  }

  async requireEnv(projectId: string, ref: NamedRef): Promise<EnvEntity> {
    const env = ref.hashId ? await this.envs.findByHashId(projectId, ref.hashId) : ref.name ? await this.envs.findByName(projectId, ref.name) : null;
    if (!env) throw new EnvironmentError(EnvironmentErrorCode.ENV_NOT_EXISTS, `Env ${ref.hashId ?? ref.name ?? '(none named)'} does not exist in project ${projectId}`, { envHashId: ref.hashId ?? null, envName: ref.name ?? null });
    return env;
  }

  private async requireNode(projectId: string, ref: NamedRef): Promise<NodeEntity> {
    const node = ref.hashId ? await this.nodes.findByHashId(projectId, ref.hashId) : ref.name ? (await this.nodes.findByDisplayName(projectId, ref.name))[0] : undefined;
    if (!node) throw new EnvironmentError(EnvironmentErrorCode.NODE_NOT_EXISTS, `Node ${ref.hashId ?? ref.name ?? '(none named)'} does not exist in project ${projectId}`, { nodeHashId: ref.hashId ?? null, nodeName: ref.name ?? null });
    return node;
  }

  private async enabledNodesOf(env: EnvEntity): Promise<EnvEnabledNodes> {
    const nodes = (await this.enabledNodesByEnv([env.envId])).get(env.envId) ?? [];
    return { projectId: env.projectId, envHashId: env.envHashId, envName: env.envName, envType: env.envType, nodes };
  }

  /** The live members of each env, with their enable flags. */
  private async membersOf(envIds: number[]): Promise<Map<number, EnvNodeInfo[]>> {
    const members = await this.envNodes.listByEnvIds(envIds);
    const nodes = new Map((await this.nodes.findByIds([...new Set(members.map((member) => member.nodeId))])).map((node) => [node.nodeId, node]));
    const result = new Map<number, EnvNodeInfo[]>();
    for (const member of members) {
      const node = nodes.get(member.nodeId);
      if (!node) continue;
      result.set(member.envId, [...(result.get(member.envId) ?? []), toNodeBaseInfo(node, member.enableNode)]);
    }
    return result;
  }
}
