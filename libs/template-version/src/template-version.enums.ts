/**
 * BK-CI's template version vocabulary (reference bkci-process-template.md §3.2–3.3), spelled as
 * BK-CI's JSON spells it.
 */

/** `VersionStatus`: RELEASED, COMMITTING (the draft), BRANCH, DELETE (soft-deleted). */
export const VERSION_STATUSES = ['RELEASED', 'COMMITTING', 'BRANCH', 'DELETE'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** `BranchVersionAction`: a branch version is ACTIVE until its branch moves on or is deleted. */
export const BRANCH_ACTIONS = ['ACTIVE', 'INACTIVE'] as const;
export type BranchVersionAction = (typeof BRANCH_ACTIONS)[number];

/** `PipelineVersionAction`: what a version write does. */
export type PipelineVersionAction =
  | 'SAVE_DRAFT'
  | 'CREATE_BRANCH'
  | 'CREATE_RELEASE'
  | 'RELEASE_DRAFT'
  | 'DELETE_VERSION'
  | 'DELETE_ALL_VERSIONS'
  | 'INACTIVE_BRANCH';

export function isReleaseAction(action: PipelineVersionAction): boolean {
  return action === 'RELEASE_DRAFT' || action === 'CREATE_RELEASE';
}

/** `TemplateType` (the template's mode): made here, installed from the store, or public. */
export const TEMPLATE_MODES = ['CUSTOMIZE', 'CONSTRAINT', 'PUBLIC'] as const;
export type TemplateMode = (typeof TEMPLATE_MODES)[number];

/** Upgrade, setting-sync and publish strategies. */
export const STRATEGIES = ['MANUAL', 'AUTO'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** `TemplateStatusEnum`: where the template stands in the store. */
export const STORE_STATUSES = [
  'NEVER_PUBLISHED',
  'INIT',
  'AUDITING',
  'AUDIT_REJECT',
  'RELEASED',
  'GROUNDING_SUSPENSION',
  'UNDERCARRIAGED',
] as const;
export type StoreStatus = (typeof STORE_STATUSES)[number];
