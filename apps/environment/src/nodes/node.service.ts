import { Injectable } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { EnvNodeInfo, emitEvent, NODES_DELETED, NodeTagSelector } from '@bkci/contracts';
import { Page, resolvePaging, toPage } from '@bkci/core';
import { OutboxService } from '@bkci/messaging';
import { ProjectResources, ResourcePermissions } from '@bkci/platform';
import { EnvironmentError, EnvironmentErrorCode } from '../environment.errors';
import { EnvNodeRepository } from '../environments/env-node.repository';
import { decodeAll, EnvRepository } from '../environments/env.repository';
import { NodeTagService } from '../node-tags/node-tag.service';
import { NodeFetchDto, NodeListQueryDto } from './dto/node.dto';
import { NodeEntity } from './entities/node.entity';
import { NodeRepository } from './node.repository';
import { NodeWithPermission, toNodeBaseInfo, toNodeWithPermission } from './node-views';

/** BK-CI's default page size for node lists. */
const DEFAULT_PAGE_SIZE = 20;

/** The project's nodes: lists, detail, display name, deletion (BK-CI NodeService). */
@Injectable()
export class NodeService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly nodes: NodeRepository,
    private readonly envs: EnvRepository,
    private readonly envNodes: EnvNodeRepository,
    private readonly tags: NodeTagService,
    private readonly resources: ProjectResources,
    private readonly permissions: PermissionChecker,
  ) {}

  /** BK-CI list: every node the caller may list. */
  async list(caller: Caller, projectId: string): Promise<NodeWithPermission[]> {
    const { listable, permissionsOn } = await this.resources.forList(caller, projectId, 'env_node');
    const nodes = await this.nodes.listByProject(projectId, listable === null ? null : decodeAll(listable));
    return this.views(projectId, nodes, permissionsOn);
  }

  /** BK-CI listNew / fetchNodes: a page of the nodes the caller may list, filtered (by tags too, with `fetch`). */
  async page(caller: Caller, projectId: string, query: NodeListQueryDto, fetch: NodeFetchDto = {}): Promise<Page<NodeWithPermission>> {
    const { listable, permissionsOn } = await this.resources.forList(caller, projectId, 'env_node');
    let nodeIds = listable === null ? null : decodeAll(listable);
    if (fetch.tags?.length) {
      const tagged = await this.tags.nodeIdsWithTagIds(projectId, fetch.tags);
      nodeIds = nodeIds === null ? tagged : nodeIds.filter((id) => tagged.includes(id));
    }
    const paging = resolvePaging({ page: query.page, pageSize: query.pageSize ?? DEFAULT_PAGE_SIZE });
    const [rows, count] = await this.nodes.page(projectId, { ...query, nodeIds }, paging);
    return toPage(await this.views(projectId, rows, permissionsOn), count, paging);
  }

  /** One node with its envs and tags (view is checked by the route). */
  async detail(caller: Caller, projectId: string, nodeHashId: string): Promise<NodeWithPermission> {
    const node = await this.require(projectId, nodeHashId);
    const permissions = await this.resources.permissionsOn(caller, projectId, 'env_node', nodeHashId);
    const [view] = await this.views(projectId, [node], () => permissions);
    return view;
  }

  /** BK-CI updateDisplayName: display names are unique in the project. */
  async updateDisplayName(caller: Caller, projectId: string, nodeHashId: string, displayName: string): Promise<void> {
    const node = await this.require(projectId, nodeHashId);
    if (await this.nodes.displayNameTaken(projectId, displayName, node.nodeId)) {
      throw new EnvironmentError(EnvironmentErrorCode.ENV_NAME_DUPLICATE, `A node named ${displayName} already exists in project ${projectId}`, { displayName });
    }
    await this.nodes.updateDisplayName(projectId, node.nodeId, displayName, caller.userId);
  }

  /**
   * BK-CI deleteNodes: every node named must exist and be deletable by the caller, or nothing is
   * deleted. Deleted nodes leave their envs and tags; the agents feature deletes their agents on
   * NODES_DELETED.
   */
  async delete(caller: Caller, projectId: string, nodeHashIds: string[]): Promise<void> {
    const nodes = await this.nodes.findByHashIds(projectId, nodeHashIds);
    const missing = nodeHashIds.filter((hash) => !nodes.some((node) => node.nodeHashId === hash));
    if (missing.length > 0) throw new EnvironmentError(EnvironmentErrorCode.NODE_NOT_EXISTS, `Nodes ${missing.join(',')} do not exist in project ${projectId}`, { nodeHashIds: missing });
    for (const node of nodes) await this.permissions.assertAllowed(caller, projectId, 'env_node_delete', node.nodeHashId);
    const deleted = await this.outbox.transaction(async (tx) => {
      const ids = await this.nodes.markDeleted(projectId, nodes.map((node) => node.nodeId), caller.userId, tx.manager);
      await this.envNodes.removeNodes(ids, tx.manager);
      await this.tags.removeNodes(projectId, ids, tx.manager);
      if (ids.length > 0) emitEvent(tx.emit, NODES_DELETED, { projectId, nodeIds: ids, userId: caller.userId });
      return ids;
    });
    for (const node of nodes.filter((candidate) => deleted.includes(candidate.nodeId))) await this.resources.forgetDeleted(projectId, 'env_node', node.nodeHashId, caller.userId);
  }

  /** BK-CI nodesCount: live nodes per type. */
  countByType(projectId: string): Promise<Record<string, number>> {
    return this.nodes.countByType(projectId);
  }

  /** BK-CI listRawByHashIds: the project's nodes among these hash ids. */
  async listRaw(projectId: string, nodeHashIds: string[]): Promise<EnvNodeInfo[]> {
    return (await this.nodes.findByHashIds(projectId, nodeHashIds)).map((node) => toNodeBaseInfo(node));
  }

  /** For the engine: the project's THIRDPARTY nodes carrying every tag selected. */
  async withTags(projectId: string, selectors: NodeTagSelector[]): Promise<EnvNodeInfo[]> {
    const nodeIds = await this.tags.nodeIdsWithTagNames(projectId, selectors);
    return (await this.nodes.listByProject(projectId, nodeIds)).filter((node) => node.nodeType === 'THIRDPARTY').map((node) => toNodeBaseInfo(node));
  }

  /** A node by hash id, else by display name (BK-CI getRawNode). */
  async requireNamed(projectId: string, ref: { nodeHashId?: string; nodeName?: string }): Promise<NodeEntity> {
    if (ref.nodeHashId) return this.require(projectId, ref.nodeHashId);
    const [node] = ref.nodeName ? await this.nodes.findByDisplayName(projectId, ref.nodeName) : [];
    if (!node) throw new EnvironmentError(EnvironmentErrorCode.NODE_NOT_EXISTS, `Node ${ref.nodeName ?? '(none named)'} does not exist in project ${projectId}`, { nodeName: ref.nodeName ?? null });
    return node;
  }

  async require(projectId: string, nodeHashId: string): Promise<NodeEntity> {
    const node = await this.nodes.findByHashId(projectId, nodeHashId);
    if (!node) throw new EnvironmentError(EnvironmentErrorCode.NODE_NOT_EXISTS, `Node ${nodeHashId} does not exist in project ${projectId}`, { nodeHashId });
    return node;
  }

  /** The nodes as lists show them: with the envs they are in, their tags, and what the caller may do. */
  private async views(projectId: string, nodes: NodeEntity[], permissionsOn: (code: string) => ResourcePermissions): Promise<NodeWithPermission[]> {
    const nodeIds = nodes.map((node) => node.nodeId);
    const memberships = await this.envNodes.listByNodeIds(nodeIds);
    const envs = new Map((await this.envs.list(projectId, { envIds: [...new Set(memberships.map((member) => member.envId))] })).map((env) => [env.envId, env.envName]));
    const tags = await this.tags.tagsOfNodes(projectId, nodeIds);
    return nodes.map((node) =>
      toNodeWithPermission(
        node,
        permissionsOn(node.nodeHashId),
        memberships.filter((member) => member.nodeId === node.nodeId && envs.has(member.envId)).map((member) => envs.get(member.envId) as string),
        tags.get(node.nodeId) ?? [],
      ),
    );
  }
}
