import type { BuildFormPropertyType } from '@bkci/pipeline-model';

/** `props.type` of a variable (BK-CI `VariablePropType`) → the Model param type. */
export const PROP_TYPE_TO_MODEL: Record<string, BuildFormPropertyType> = {
  'vuex-input': 'STRING',
  'vuex-textarea': 'TEXTAREA',
  selector: 'ENUM',
  checkbox: 'MULTIPLE',
  boolean: 'BOOLEAN',
  'git-ref': 'GIT_REF',
  'svn-tag': 'SVN_TAG',
  'repo-ref': 'REPO_REF',
  'code-lib': 'CODE_LIB',
  'container-type': 'CONTAINER_TYPE',
  artifactory: 'ARTIFACTORY',
  'sub-pipeline': 'SUB_PIPELINE',
  'custom-file': 'CUSTOM_FILE',
  'form-list': 'FORM_LIST',
};

/** The way back; types YAML has no word for (PASSWORD, DATE, LONG, TEMPORARY) are written as plain input, as BK-CI does. */
export function propTypeOf(type: BuildFormPropertyType): string {
  return Object.entries(PROP_TYPE_TO_MODEL).find(([, modelType]) => modelType === type)?.[0] ?? 'vuex-input';
}
