import { Injectable } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { BKCI_HASH_IDS } from '@bkci/core';
import { OutboxService } from '@bkci/messaging';
import { isUniqueViolation } from '@bkci/persistence';
import { ProjectResources } from '@bkci/platform';
import { EnvironmentError, EnvironmentErrorCode } from '../environment.errors';
import { EnvNodeRepository } from '../environments/env-node.repository';
import { EnvRepository } from '../environments/env.repository';
import { NodeEntity } from '../nodes/entities/node.entity';
import { NodeRepository } from '../nodes/node.repository';
import { NodeTagView } from '../nodes/node-views';
import { EntityManagerLike } from '../transaction';
import { NodeTagReqDto, NodeTagUpdateReqDto, UpdateNodeTagDto } from './dto/node-tag.dto';
import { NodeTagKeyEntity } from './entities/node-tag-key.entity';
import { NodeTagValueEntity } from './entities/node-tag-value.entity';
import { NodeTagRepository } from './node-tag.repository';

/** BK-CI NodeTagAndEnv: a node's tags and the envs it is in. */
export interface NodeTagAndEnv {
  tags: NodeTagView[];
  envs: Array<{ name: string; type: string }>;
}

/** One tag the nodes must carry, by ids: a key and any of its values (none listed: any value). */
export interface TagIdSelector {
  tagKeyId: number;
  tagValues?: number[];
}

/**
 * Node tags (BK-CI NodeTagService): keys with values, set on THIRDPARTY nodes, used as labels to
 * pick agents. Keys and values are the project managers' to change; tagging a node needs edit on it.
 */
@Injectable()
export class NodeTagService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly tags: NodeTagRepository,
    private readonly nodes: NodeRepository,
    private readonly envs: EnvRepository,
    private readonly envNodes: EnvNodeRepository,
    private readonly resources: ProjectResources,
    private readonly permissions: PermissionChecker,
  ) {}

  async create(caller: Caller, projectId: string, dto: NodeTagReqDto): Promise<void> {
    await this.permissions.assertAllowed(caller, projectId, 'project_manage');
    const values = distinctValues(dto.tagValues);
    try {
      await this.outbox.transaction((tx) => this.tags.createKey(projectId, dto.tagKeyName, dto.tagAllowMulValue ?? false, values, tx.manager));
    } catch (error) {
      if (isUniqueViolation(error)) throw new EnvironmentError(EnvironmentErrorCode.NODE_TAG_EXIST, `Tag ${dto.tagKeyName} already exists in project ${projectId}`, { tagKeyName: dto.tagKeyName });
      throw error;
    }
  }

  /** BK-CI fetchTag: every key with its values and how many nodes carry each. */
  async fetch(caller: Caller, projectId: string): Promise<NodeTagView[]> {
    await this.permissions.assertAllowed(caller, projectId, 'project_visit');
    const keys = await this.tags.keys(projectId);
    const values = await this.tags.values(projectId);
    const carried = await this.tags.taggedWith(projectId, values.map((value) => value.id));
    const live = new Set((await this.nodes.findByIds([...new Set(carried.map((tag) => tag.nodeId))])).map((node) => node.nodeId));
    const counted = carried.filter((tag) => live.has(tag.nodeId));
    return keys.map((key) => ({
      tagKeyId: key.id,
      tagKeyName: key.keyName,
      tagAllowMulValue: key.allowMulValues,
      nodeCount: new Set(counted.filter((tag) => tag.tagKeyId === key.id).map((tag) => tag.nodeId)).size,
      canUpdate: 'TRUE',
      tagValues: values
        .filter((value) => value.tagKeyId === key.id)
        .map((value) => ({ tagValueId: value.id, tagValueName: value.valueName, nodeCount: counted.filter((tag) => tag.tagValueId === value.id).length, canUpdate: 'TRUE' })),
    }));
  }

  /** BK-CI editTag: the node carries exactly these values from now on. */
  async setNodeTags(caller: Caller, projectId: string, dto: UpdateNodeTagDto): Promise<void> {
    await this.setMany(caller, projectId, [dto]);
  }

  /** BK-CI batchEditTag: several nodes at once, all or none. */
  async setMany(caller: Caller, projectId: string, items: UpdateNodeTagDto[]): Promise<void> {
    const resolved: Array<{ node: NodeEntity; values: NodeTagValueEntity[] }> = [];
    const editable = await this.resources.allowedCodes(caller, projectId, 'env_node', 'edit');
    for (const item of items) {
      const node = await this.requireNode(projectId, item);
      if (editable !== null && !editable.includes(node.nodeHashId)) {
        throw new EnvironmentError(EnvironmentErrorCode.NODE_NO_EDIT_PERMISSION, `User ${caller.userId} lacks permission env_node_edit on node ${node.nodeHashId}`, { nodeHashId: node.nodeHashId });
      }
      if (node.nodeType !== 'THIRDPARTY') throw new EnvironmentError(EnvironmentErrorCode.NODE_TAG_ONLY_SUP_THIRD, `Node ${node.nodeHashId} is a ${node.nodeType} node; only THIRDPARTY nodes carry tags`, { nodeHashId: node.nodeHashId });
      resolved.push({ node, values: await this.checkedValues(projectId, item.tags) });
    }
    await this.outbox.transaction(async (tx) => {
      for (const { node, values } of resolved) {
        await this.tags.setNodeTags(projectId, node.nodeId, values.map((value) => ({ tagKeyId: value.tagKeyId, tagValueId: value.id })), tx.manager);
      }
    });
  }

  /** BK-CI deleteTag: a key (with its values) or one value, when no node carries it. */
  async delete(caller: Caller, projectId: string, tagKeyId: number, tagValueId: number | undefined): Promise<void> {
    await this.permissions.assertAllowed(caller, projectId, 'project_manage');
    const key = await this.requireKey(projectId, tagKeyId);
    await this.outbox.transaction(async (tx) => {
      if (tagValueId === undefined) {
        await this.assertUnused(projectId, (await this.tags.values(projectId, [key.id], tx.manager)).map((value) => value.id), tx.manager);
        await this.tags.deleteKey(projectId, key.id, tx.manager);
        return;
      }
      const [value] = await this.tags.valuesByIds(projectId, [tagValueId], tx.manager);
      if (!value || value.tagKeyId !== key.id) throw new EnvironmentError(EnvironmentErrorCode.NODE_TAG_NOT_EXISTS, `Tag ${key.keyName} has no value ${tagValueId}`, { tagKeyId, tagValueId });
      await this.assertUnused(projectId, [value.id], tx.manager);
      await this.tags.deleteValues(projectId, [value.id], tx.manager);
    });
  }

  /** BK-CI updateTag: renames the key, renames or adds values, and deletes the values left out (when unused). */
  async update(caller: Caller, projectId: string, dto: NodeTagUpdateReqDto): Promise<void> {
    await this.permissions.assertAllowed(caller, projectId, 'project_manage');
    const key = await this.requireKey(projectId, dto.tagKeyId);
    const wanted = dto.tagValues ?? [];
    distinctValues(wanted.map((value) => value.tagValueName));
    try {
      await this.outbox.transaction(async (tx) => {
        const current = await this.tags.values(projectId, [key.id], tx.manager);
        const unknown = wanted.filter((value) => value.tagValueId !== undefined && !current.some((known) => known.id === value.tagValueId));
        if (unknown.length > 0) throw new EnvironmentError(EnvironmentErrorCode.NODE_TAG_NOT_EXISTS, `Tag ${key.keyName} has no value ${unknown[0].tagValueId}`, { tagKeyId: key.id, tagValueId: unknown[0].tagValueId });
        const dropped = current.filter((known) => !wanted.some((value) => value.tagValueId === known.id)).map((known) => known.id);
        await this.assertUnused(projectId, dropped, tx.manager);
        await this.tags.deleteValues(projectId, dropped, tx.manager);
        if (dto.tagKeyName !== key.keyName) await this.tags.renameKey(projectId, key.id, dto.tagKeyName, tx.manager);
        for (const value of wanted.filter((item) => item.tagValueId !== undefined)) await this.tags.renameValue(projectId, value.tagValueId as number, value.tagValueName, tx.manager);
        await this.tags.addValues(projectId, key.id, wanted.filter((value) => value.tagValueId === undefined).map((value) => value.tagValueName), tx.manager);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new EnvironmentError(EnvironmentErrorCode.NODE_TAG_EXIST, `Tag ${dto.tagKeyName} or one of its values already exists in project ${projectId}`, { tagKeyName: dto.tagKeyName });
      throw error;
    }
  }

  /** BK-CI fetchNodeTagAndDynEnv: the node's tags and the envs it is in. */
  async tagsAndEnvs(caller: Caller, projectId: string, nodeHashId: string): Promise<NodeTagAndEnv> {
    await this.permissions.assertAllowed(caller, projectId, 'env_node_view', nodeHashId);
    const node = await this.requireNode(projectId, { nodeHashId });
    const envIds = (await this.envNodes.listByNodeIds([node.nodeId])).map((member) => member.envId);
    const envs = await this.envs.list(projectId, { envIds });
    return { tags: (await this.tagsOfNodes(projectId, [node.nodeId])).get(node.nodeId) ?? [], envs: envs.map((env) => ({ name: env.envName, type: env.envNodeType })) };
  }

  /** The tags each node carries, grouped by key. */
  async tagsOfNodes(projectId: string, nodeIds: number[]): Promise<Map<number, NodeTagView[]>> {
    const carried = await this.tags.nodeTags(projectId, nodeIds);
    const keys = new Map((await this.tags.keys(projectId)).map((key) => [key.id, key]));
    const values = new Map((await this.tags.valuesByIds(projectId, [...new Set(carried.map((tag) => tag.tagValueId))])).map((value) => [value.id, value]));
    const result = new Map<number, NodeTagView[]>();
    for (const tag of carried) {
      const key = keys.get(tag.tagKeyId);
      const value = values.get(tag.tagValueId);
      if (!key || !value) continue;
      const views = result.get(tag.nodeId) ?? [];
      const view = views.find((item) => item.tagKeyId === key.id) ?? { tagKeyId: key.id, tagKeyName: key.keyName, tagAllowMulValue: key.allowMulValues, tagValues: [] };
      if (!views.includes(view)) views.push(view);
      view.tagValues.push({ tagValueId: value.id, tagValueName: value.valueName });
      result.set(tag.nodeId, views);
    }
    return result;
  }

  /** The nodes carrying, for every selector, one of its values (by ids, BK-CI NodeFetchReq). */
  async nodeIdsWithTagIds(projectId: string, selectors: TagIdSelector[]): Promise<number[]> {
    const values = await this.tags.values(projectId, selectors.map((selector) => selector.tagKeyId));
    return this.nodeIdsMatching(
      projectId,
      selectors.map((selector) => values.filter((value) => value.tagKeyId === selector.tagKeyId && (!selector.tagValues?.length || selector.tagValues.includes(value.id))).map((value) => value.id)),
    );
  }

  /** The nodes carrying, for every selector, one of its values (by names: dispatch labels). */
  async nodeIdsWithTagNames(projectId: string, selectors: Array<{ key: string; values?: string[] }>): Promise<number[]> {
    const keys = await this.tags.keys(projectId);
    const values = await this.tags.values(projectId);
    return this.nodeIdsMatching(
      projectId,
      selectors.map((selector) => {
        const key = keys.find((known) => known.keyName === selector.key);
        return values.filter((value) => value.tagKeyId === key?.id && (!selector.values?.length || selector.values.includes(value.valueName))).map((value) => value.id);
      }),
    );
  }

  /** Deleted nodes carry no tags. */
  removeNodes(projectId: string, nodeIds: number[], manager: EntityManagerLike): Promise<void> {
    return this.tags.removeNodes(projectId, nodeIds, manager);
  }

  /** The nodes carrying one value of each group; a group with no values matches nothing. */
  private async nodeIdsMatching(projectId: string, groups: number[][]): Promise<number[]> {
    const carriersByGroup: Array<Set<number>> = [];
    for (const group of groups) carriersByGroup.push(new Set((await this.tags.taggedWith(projectId, group)).map((tag) => tag.nodeId)));
    if (carriersByGroup.length === 0) return [];
    const [first, ...others] = carriersByGroup;
    return [...first].filter((nodeId) => others.every((carriers) => carriers.has(nodeId))).sort((a, b) => a - b);
  }

  private async checkedValues(projectId: string, items: Array<{ tagKeyId: number; tagValueId: number }>): Promise<NodeTagValueEntity[]> {
    const values = await this.tags.valuesByIds(projectId, items.map((item) => item.tagValueId));
    const keys = new Map((await this.tags.keys(projectId)).map((key) => [key.id, key]));
    for (const item of items) {
      const value = values.find((known) => known.id === item.tagValueId);
      if (!value || value.tagKeyId !== item.tagKeyId || !keys.has(item.tagKeyId)) {
        throw new EnvironmentError(EnvironmentErrorCode.NODE_TAG_NOT_EXISTS, `Tag key ${item.tagKeyId} has no value ${item.tagValueId} in project ${projectId}`, item);
      }
    }
    for (const key of keys.values()) {
      if (!key.allowMulValues && new Set(items.filter((item) => item.tagKeyId === key.id).map((item) => item.tagValueId)).size > 1) {
        throw new EnvironmentError(EnvironmentErrorCode.NODE_TAG_NO_ALLOW_VALUES, `Tag ${key.keyName} allows one value per node`, { tagKeyId: key.id });
      }
    }
    return values;
  }

  private async assertUnused(projectId: string, tagValueIds: number[], manager: EntityManagerLike): Promise<void> {
    const carried = await this.tags.taggedWith(projectId, tagValueIds, manager);
    const live = await this.nodes.findByIds([...new Set(carried.map((tag) => tag.nodeId))], manager);
    if (live.length > 0) throw new EnvironmentError(EnvironmentErrorCode.NODE_TAG_HAS_NODE, `The tag is still on ${live.length} node(s); remove it from them first`, { nodeCount: live.length });
  }

  private async requireKey(projectId: string, tagKeyId: number): Promise<NodeTagKeyEntity> {
    const key = await this.tags.key(projectId, tagKeyId);
    if (!key) throw new EnvironmentError(EnvironmentErrorCode.NODE_TAG_NOT_EXISTS, `Tag key ${tagKeyId} does not exist in project ${projectId}`, { tagKeyId });
    return key;
  }

  private async requireNode(projectId: string, ref: { nodeId?: number; nodeHashId?: string }): Promise<NodeEntity> {
    const hash = ref.nodeHashId ?? (ref.nodeId !== undefined ? BKCI_HASH_IDS.encode(ref.nodeId) : undefined);
    const node = hash ? await this.nodes.findByHashId(projectId, hash) : null;
    if (!node) throw new EnvironmentError(EnvironmentErrorCode.NODE_NOT_EXISTS, `Node ${hash ?? '(none named)'} does not exist in project ${projectId}`, { nodeHashId: hash ?? null });
    return node;
  }
}

/** Values of one key are unique. */
function distinctValues(values: string[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new EnvironmentError(EnvironmentErrorCode.NODE_TAG_EXIST, `Tag value ${value} is given twice`, { tagValueName: value });
    seen.add(value);
  }
  return values;
}
