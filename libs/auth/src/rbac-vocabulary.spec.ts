import {
  Action,
  ALL_ACTIONS,
  PROJECT_ROLES,
  READ_ONLY_ACTIONS,
  RESOURCE_GROUPS,
  RESOURCE_MANAGER_GROUP,
  RESOURCE_PERMISSIONS,
  resourceGroupActions,
  ResourceType,
  resourceTypeOf,
  ROLE_ACTIONS,
} from './rbac-vocabulary';

describe('RBAC vocabulary', () => {
  const types = Object.keys(RESOURCE_PERMISSIONS) as ResourceType[];

  it('names every action <resourceType>_<permission>, one per entry of the list, without duplicates', () => {
    const expected = types.flatMap((type) => RESOURCE_PERMISSIONS[type].map((permission) => `${type}_${permission}`));

    expect([...ALL_ACTIONS].sort()).toEqual([...expected].sort());
    expect(new Set(ALL_ACTIONS).size).toBe(ALL_ACTIONS.length);
  });

  it('lets a read-only token have exactly the actions that only look: visit, view, list and download', () => {
    expect([...READ_ONLY_ACTIONS].sort()).toEqual(
      [
        'cert_list', 'cert_view',
        'credential_list', 'credential_view',
        'env_node_list', 'env_node_view',
        'environment_list', 'environment_view',
        'pipeline_download', 'pipeline_list', 'pipeline_view',
        'pipeline_group_list', 'pipeline_group_view',
        'pipeline_template_list', 'pipeline_template_view',
        'project_list', 'project_view', 'project_visit',
        'public_variable_list', 'public_variable_view',
        'quality_group_list',
        'repertory_list', 'repertory_view',
        'rule_list',
      ].sort(),
    );
    for (const action of ['pipeline_execute', 'pipeline_create', 'credential_use', 'project_manage', 'project_api-operate', 'rule_enable'] as Action[]) {
      expect(READ_ONLY_ACTIONS.has(action)).toBe(false);
    }
  });

  it('covers the resource types of BK-CI', () => {
    expect(types.sort()).toEqual(
      [
        'cert',
        'credential',
        'env_node',
        'environment',
        'pipeline',
        'pipeline_group',
        'pipeline_template',
        'project',
        'public_variable',
        'quality_group',
        'repertory',
        'rule',
      ].sort(),
    );
  });

  it.each([
    'project_visit',
    'project_view',
    'project_manage',
    'project_manage-archived-pipeline',
    'project_api-operate',
    'pipeline_execute',
    'pipeline_archive',
    'pipeline_group_create',
    'pipeline_template_manage',
    'credential_use',
    'cert_use',
    'env_node_use',
    'rule_enable',
    'quality_group_list',
    'public_variable_use',
  ])('knows %s', (action) => {
    expect(ALL_ACTIONS).toContain(action);
  });

  it.each(['pipeline', 'pipeline_fly', 'pipeline-view', 'PIPELINE_VIEW', 'rule_view', 'quality_group_view', ''])(
    'does not know %p',
    (action) => {
      expect(ALL_ACTIONS as string[]).not.toContain(action);
    },
  );

  describe('roles', () => {
    const has = (role: keyof typeof ROLE_ACTIONS, action: Action) => ROLE_ACTIONS[role].includes(action);

    it('are manager, developer and viewer', () => {
      expect([...PROJECT_ROLES].sort()).toEqual(['developer', 'manager', 'viewer']);
    });

    it('lets a manager do every action', () => {
      expect([...ROLE_ACTIONS.manager].sort()).toEqual([...ALL_ACTIONS].sort());
    });

    it('lets a developer run pipelines and use credentials but not manage or edit the project', () => {
      expect(has('developer', 'pipeline_execute')).toBe(true);
      expect(has('developer', 'credential_use')).toBe(true);
      expect(has('developer', 'pipeline_edit')).toBe(true);
      expect(has('developer', 'project_view')).toBe(true);
      expect(has('developer', 'project_manage')).toBe(false);
      expect(has('developer', 'project_edit')).toBe(false);
      expect(has('developer', 'project_enable')).toBe(false);
      expect(has('developer', 'pipeline_manage')).toBe(false);
    });

    it('lets a viewer only read', () => {
      expect(has('viewer', 'project_view')).toBe(true);
      expect(has('viewer', 'project_visit')).toBe(true);
      expect(has('viewer', 'pipeline_view')).toBe(true);
      expect(has('viewer', 'pipeline_list')).toBe(true);
      expect(has('viewer', 'pipeline_edit')).toBe(false);
      expect(has('viewer', 'pipeline_execute')).toBe(false);
      expect(has('viewer', 'credential_use')).toBe(false);
      for (const action of ROLE_ACTIONS.viewer) {
        expect(action).toMatch(/_(visit|view|list)$/);
      }
    });

    it('nests viewer within developer within manager', () => {
      for (const action of ROLE_ACTIONS.viewer) expect(ROLE_ACTIONS.developer).toContain(action);
      for (const action of ROLE_ACTIONS.developer) expect(ROLE_ACTIONS.manager).toContain(action);
      expect(ROLE_ACTIONS.developer.length).toBeLessThan(ROLE_ACTIONS.manager.length);
      expect(ROLE_ACTIONS.viewer.length).toBeLessThan(ROLE_ACTIONS.developer.length);
    });
  });

  describe('resource groups', () => {
    it('names the resource type of an action, preferring the longest type', () => {
      expect(resourceTypeOf('pipeline_edit')).toBe('pipeline');
      expect(resourceTypeOf('pipeline_template_edit')).toBe('pipeline_template');
      expect(resourceTypeOf('pipeline_group_view')).toBe('pipeline_group');
      expect(resourceTypeOf('credential_use')).toBe('credential');
    });

    it('grants only actions of its own resource type, and never create (which is on the project)', () => {
      for (const [type, groups] of Object.entries(RESOURCE_GROUPS)) {
        for (const actions of Object.values(groups)) {
          for (const action of actions) {
            expect(resourceTypeOf(action)).toBe(type);
            expect(action).not.toMatch(/_create$/);
          }
        }
      }
    });

    it('gives every resource type with groups a manager that holds every other group\'s actions', () => {
      for (const groups of Object.values(RESOURCE_GROUPS)) {
        for (const actions of Object.values(groups)) {
          for (const action of actions) expect(groups[RESOURCE_MANAGER_GROUP]).toContain(action);
        }
      }
      expect(resourceGroupActions('credential', 'user')).toEqual(['credential_use', 'credential_list']);
      expect(resourceGroupActions('credential', 'editor')).toEqual([]);
    });
  });
});
