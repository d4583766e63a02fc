import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { EnvNodeInfo } from '@bkci/contracts';
import type { Page } from '@bkci/core';
import type { NodeTagView, NodeWithPermission } from '../node-views';

/*
 * The node reads' answers as the API document shows them (the SDK's types). Each implements the
 * answer's interface, so the compiler catches a field added there and not here. Times are epoch ms.
 */

@ApiSchema({ name: 'NodeBaseInfo', description: "A node as environment member lists and lookups by id show it (BK-CI NodeBaseInfo)" })
export class NodeBaseInfoDto implements EnvNodeInfo {
  @ApiProperty() nodeHashId: string;
  @ApiProperty({ description: "BK-CI's node string id" }) nodeId: string;
  @ApiProperty() name: string;
  @ApiProperty() ip: string;
  @ApiProperty({ description: 'NORMAL, ABNORMAL, NOT_INSTALLED, …' }) nodeStatus: string;
  @ApiProperty({ description: "Whether the node's agent is online" }) agentStatus: boolean;
  @ApiProperty({ description: 'THIRDPARTY, …' }) nodeType: string;
  @ApiProperty() osName: string;
  @ApiProperty() osType: string;
  @ApiProperty() createdUser: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: Boolean, nullable: true, description: 'Whether the node is enabled in the environment; null outside an environment' }) envEnableNode: boolean | null;
  @ApiProperty({ type: 'integer' }) lastModifyTime: number;
}

@ApiSchema({ name: 'EnvNodeInfoPage', description: "A page of an environment's nodes" })
export class NodeBaseInfoPageDto implements Page<EnvNodeInfo> {
  @ApiProperty({ type: 'integer', description: 'How many nodes match, over all pages' }) count: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
  @ApiProperty({ type: 'integer' }) totalPages: number;
  @ApiProperty({ type: [NodeBaseInfoDto] }) records: NodeBaseInfoDto[];
}

@ApiSchema({ name: 'NodeTagValue', description: 'One value of a node tag' })
export class NodeTagValueDto {
  @ApiProperty({ type: 'integer' }) tagValueId: number;
  @ApiProperty() tagValueName: string;
  @ApiPropertyOptional({ type: 'integer' }) nodeCount?: number;
  @ApiPropertyOptional({ type: String, nullable: true }) canUpdate?: string | null;
}

@ApiSchema({ name: 'NodeTag', description: 'A tag key with the values a node carries (BK-CI NodeTag)' })
export class NodeTagDto implements NodeTagView {
  @ApiProperty({ type: 'integer' }) tagKeyId: number;
  @ApiProperty() tagKeyName: string;
  @ApiProperty() tagAllowMulValue: boolean;
  @ApiProperty({ type: [NodeTagValueDto] }) tagValues: NodeTagValueDto[];
  @ApiPropertyOptional({ type: 'integer' }) nodeCount?: number;
  @ApiPropertyOptional({ type: String, nullable: true }) canUpdate?: string | null;
}

@ApiSchema({ name: 'NodeWithPermission', description: 'A node as the node list and detail show it, with what the caller may do (BK-CI NodeWithPermission)' })
export class NodeWithPermissionDto implements NodeWithPermission {
  @ApiProperty() nodeHashId: string;
  @ApiProperty({ description: "BK-CI's node string id" }) nodeId: string;
  @ApiProperty() name: string;
  @ApiProperty() ip: string;
  @ApiProperty({ description: 'NORMAL, ABNORMAL, NOT_INSTALLED, …' }) nodeStatus: string;
  @ApiProperty({ description: 'THIRDPARTY, …' }) nodeType: string;
  @ApiProperty() osName: string;
  @ApiProperty() osType: string;
  @ApiProperty() createdUser: string;
  @ApiProperty() canUse: boolean;
  @ApiProperty() canEdit: boolean;
  @ApiProperty() canDelete: boolean;
  @ApiProperty() canView: boolean;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: 'integer' }) createTime: number;
  @ApiProperty({ type: 'integer' }) lastModifyTime: number;
  @ApiProperty() lastModifyUser: string;
  @ApiProperty({ type: 'integer', description: 'How many pipelines name it' }) pipelineRefCount: number;
  @ApiProperty({ type: 'integer', nullable: true }) lastBuildTime: number | null;
  @ApiProperty({ type: String, nullable: true }) lastBuildPipelineId: string | null;
  @ApiProperty({ description: "Whether the node's agent is online" }) agentStatus: boolean;
  @ApiProperty() agentVersion: string;
  @ApiProperty({ type: [String], description: 'The environments it is in' }) envNames: string[];
  @ApiProperty({ type: [NodeTagDto] }) tags: NodeTagDto[];
}

@ApiSchema({ name: 'NodeWithPermissionPage', description: "A page of a project's nodes" })
export class NodeWithPermissionPageDto implements Page<NodeWithPermission> {
  @ApiProperty({ type: 'integer', description: 'How many nodes match, over all pages' }) count: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
  @ApiProperty({ type: 'integer' }) totalPages: number;
  @ApiProperty({ type: [NodeWithPermissionDto] }) records: NodeWithPermissionDto[];
}
