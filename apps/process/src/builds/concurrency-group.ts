import { BuildVariable } from './build-variables';

/**
 * The `ci.*` context names BK-CI fills from build variables (PipelineVarUtil.contextVarMappingBuildVar)
 * that a build started here can have.
 */
const CONTEXT_VARIABLES: Record<string, string> = {
  'ci.pipeline_id': BuildVariable.PIPELINE_ID,
  'ci.pipeline_name': BuildVariable.PIPELINE_NAME,
  'ci.actor': BuildVariable.START_USER_NAME,
  'ci.build_id': BuildVariable.BUILD_ID,
  'ci.build_num': BuildVariable.BUILD_NUM,
  'ci.project_id': BuildVariable.PROJECT_NAME,
  'ci.branch': 'BK_REPO_GIT_WEBHOOK_BRANCH',
};

/**
 * BK-CI StartBuildContext: a GROUP_LOCK build's concurrency group is the setting's expression with
 * `${{ name }}` and `${name}` replaced (EnvUtils.parseEnv over the variables and their `ci.*`
 * contexts); a name the build does not have is left as written, as BK-CI leaves it.
 */
export function resolveConcurrencyGroup(expression: string, variables: Record<string, string>): string {
  const values: Record<string, string> = { ...variables };
  for (const [context, variable] of Object.entries(CONTEXT_VARIABLES)) {
    if (variables[variable]) values[context] = variables[variable];
  }
  const lookup = (whole: string, name: string) => values[name.trim()] ?? whole;
  return expression.replace(/\$\{\{([^{}]*)\}\}/g, lookup).replace(/\$\{([^{}]*)\}/g, lookup).slice(0, 255);
}
