/**
 * BK-CI's RBAC vocabulary (reference bkci-support-modules.md §7.1): every resource type is a
 * child of a project, and an action id is `<resourceType>_<permission>`.
 */
export const RESOURCE_PERMISSIONS = {
  project: ['visit', 'view', 'edit', 'enable', 'list', 'manage', 'manage-archived-pipeline', 'api-operate'],
  pipeline: ['create', 'view', 'edit', 'delete', 'execute', 'download', 'share', 'list', 'manage', 'archive'],
  pipeline_group: ['create', 'view', 'edit', 'delete', 'list', 'manage'],
  pipeline_template: ['create', 'view', 'edit', 'delete', 'list', 'manage'],
  repertory: ['create', 'view', 'edit', 'delete', 'use', 'list'],
  credential: ['create', 'view', 'edit', 'delete', 'use', 'list'],
  cert: ['create', 'view', 'edit', 'delete', 'use', 'list'],
  environment: ['create', 'view', 'edit', 'delete', 'use', 'list'],
  env_node: ['create', 'view', 'edit', 'delete', 'use', 'list'],
  rule: ['create', 'edit', 'delete', 'enable', 'list'],
  quality_group: ['create', 'edit', 'delete', 'list'],
  public_variable: ['create', 'view', 'edit', 'delete', 'use', 'list'],
} as const;

export type ResourceType = keyof typeof RESOURCE_PERMISSIONS;

export type Action = {
  [T in ResourceType]: `${T}_${(typeof RESOURCE_PERMISSIONS)[T][number]}`;
}[ResourceType];

/** Each action id with the permission it grants, e.g. `pipeline_view` → `view`. */
const ACTION_PERMISSIONS = new Map<Action, string>(
  (Object.keys(RESOURCE_PERMISSIONS) as ResourceType[]).flatMap((type) =>
    RESOURCE_PERMISSIONS[type].map((permission) => [`${type}_${permission}` as Action, permission] as const),
  ),
);

export const ALL_ACTIONS: Action[] = [...ACTION_PERMISSIONS.keys()];

export type ProjectRole = 'manager' | 'developer' | 'viewer';

const READ_PERMISSIONS = new Set(['visit', 'view', 'list']);
const WRITE_PERMISSIONS = new Set(['create', 'edit', 'delete', 'execute', 'download', 'share', 'use', 'enable']);

/**
 * The three built-in project roles. A manager may do everything; a developer may read and
 * change resources but not manage the project or its members; a viewer may only read.
 */
export const ROLE_ACTIONS: Record<ProjectRole, Action[]> = {
  manager: ALL_ACTIONS,
  developer: ALL_ACTIONS.filter((action) => {
    const permission = ACTION_PERMISSIONS.get(action)!;
    return READ_PERMISSIONS.has(permission) || (WRITE_PERMISSIONS.has(permission) && !action.startsWith('project_'));
  }),
  viewer: ALL_ACTIONS.filter((action) => READ_PERMISSIONS.has(ACTION_PERMISSIONS.get(action)!)),
};

export const PROJECT_ROLES = Object.keys(ROLE_ACTIONS) as ProjectRole[];

/**
 * The permissions that change nothing. A read-only token (scope `read`) passes a permission check
 * only for these; `download` is here (it reads an artifact) though viewers are not granted it.
 */
const READ_ONLY_PERMISSIONS = new Set(['visit', 'view', 'list', 'download']);

/** The actions a read-only token may be allowed, e.g. `pipeline_view`, never `pipeline_execute`. */
export const READ_ONLY_ACTIONS: ReadonlySet<Action> = new Set(ALL_ACTIONS.filter((action) => READ_ONLY_PERMISSIONS.has(ACTION_PERMISSIONS.get(action)!)));

/** The resource type an action is about: `pipeline_template_edit` → `pipeline_template`. */
export function resourceTypeOf(action: Action): ResourceType {
  const types = (Object.keys(RESOURCE_PERMISSIONS) as ResourceType[]).filter((type) => action.startsWith(`${type}_`));
  return types.reduce((longest, type) => (type.length > longest.length ? type : longest));
}

/**
 * Groups that exist on each single resource (BK-CI's per-resource group templates, §7.1). The
 * creator of a resource joins its `manager` group; a resource manager or a project manager adds
 * others. A grant here reaches that one resource only; a project group's grant reaches all.
 */
export const RESOURCE_GROUPS: Partial<Record<ResourceType, Record<string, Action[]>>> = {
  pipeline_template: {
    manager: ['pipeline_template_view', 'pipeline_template_edit', 'pipeline_template_delete', 'pipeline_template_list', 'pipeline_template_manage'],
    editor: ['pipeline_template_view', 'pipeline_template_edit', 'pipeline_template_list'],
    viewer: ['pipeline_template_view', 'pipeline_template_list'],
  },
  credential: {
    manager: ['credential_view', 'credential_edit', 'credential_delete', 'credential_use', 'credential_list'],
    user: ['credential_use', 'credential_list'],
  },
  cert: {
    manager: ['cert_view', 'cert_edit', 'cert_delete', 'cert_use', 'cert_list'],
    user: ['cert_use', 'cert_list'],
  },
  environment: {
    manager: ['environment_view', 'environment_edit', 'environment_delete', 'environment_use', 'environment_list'],
    user: ['environment_use', 'environment_list'],
  },
  env_node: {
    manager: ['env_node_view', 'env_node_edit', 'env_node_delete', 'env_node_use', 'env_node_list'],
    user: ['env_node_use', 'env_node_list'],
  },
};

export const RESOURCE_MANAGER_GROUP = 'manager';

/** The actions a resource group grants; none for an unknown group. */
export function resourceGroupActions(type: ResourceType, groupCode: string): Action[] {
  return RESOURCE_GROUPS[type]?.[groupCode] ?? [];
}
