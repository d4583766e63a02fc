import { evaluateExpression } from '@bkci/expressions';
import { BuildStatus, isCancel, isFailure, isSuccess, JobControlOption, NameAndValue, StageControlOption } from '@bkci/pipeline-model';

/**
 * BK-CI ControlUtils.checkStageSkipCondition: whether a stage is skipped by its run condition.
 * CUSTOM_VARIABLE_MATCH runs it only when every listed variable has its value;
 * CUSTOM_VARIABLE_MATCH_NOT_RUN skips it exactly then; CUSTOM_CONDITION_MATCH runs it only when
 * its `${{ }}` condition is true (empty, or failing to evaluate, counts as false); anything else runs.
 */
export function stageSkipped(option: StageControlOption | null, variables: Record<string, string>): boolean {
  switch (option?.runCondition) {
    case 'CUSTOM_VARIABLE_MATCH':
      return !allMatch(option.customVariables ?? [], variables);
    case 'CUSTOM_VARIABLE_MATCH_NOT_RUN':
      return allMatch(option.customVariables ?? [], variables);
    case 'CUSTOM_CONDITION_MATCH':
      return !conditionHolds(option.customCondition ?? '', variables);
    default:
      return false;
  }
}

/**
 * BK-CI checkJobSkipCondition / CheckConditionalSkipContainerCmd: whether a job is skipped by its
 * run condition. A disabled job is skipped. In the finally stage only the previous-stage
 * conditions count (no previous status lets it run; any other condition skips it); elsewhere the
 * custom ones work as a stage's, an expected value having its `${NAME}` references replaced first.
 */
export function jobSkipped(option: JobControlOption | null | undefined, variables: Record<string, string>, inFinallyStage: boolean, previousStageStatus: BuildStatus | null): boolean {
  if (option?.enable === false) return true;
  const runCondition = option?.runCondition ?? 'STAGE_RUNNING';
  if (inFinallyStage) {
    const previous = previousStageStatus;
    switch (runCondition) {
      case 'PREVIOUS_STAGE_CANCEL':
        return previous !== null && !isCancel(previous);
      case 'PREVIOUS_STAGE_FAILED':
        return previous !== null && !isFailure(previous);
      case 'PREVIOUS_STAGE_SUCCESS':
        return previous !== null && !isSuccess(previous) && previous !== 'STAGE_SUCCESS';
      case 'STAGE_RUNNING':
        return false;
      default:
        return true;
    }
  }
  switch (runCondition) {
    case 'CUSTOM_VARIABLE_MATCH':
      return !allMatch(option?.customVariables ?? [], variables, true);
    case 'CUSTOM_VARIABLE_MATCH_NOT_RUN':
      return allMatch(option?.customVariables ?? [], variables, true);
    case 'CUSTOM_CONDITION_MATCH':
      return !conditionHolds(option?.customCondition ?? '', variables);
    default:
      return false;
  }
}

function allMatch(conditions: NameAndValue[], variables: Record<string, string>, replaceInExpected = false): boolean {
  return conditions.every(({ key, value }) => variables[key ?? ''] === (replaceInExpected && value !== null ? replaceReferences(value, variables) : value));
}

/** `${NAME}` replaced by the variable's value; an unknown name is left as written (BK-CI EnvUtils.parseEnv). */
function replaceReferences(text: string, variables: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][\w.-]*)\}/g, (whole, name: string) => variables[name] ?? whole);
}

/**
 * Text with the build's variables put in (BK-CI EnvReplacementParser.parse): each `${{ expression }}`
 * evaluated against the variables (an expression that fails, or gives null, is left as written), then
 * `${NAME}` references.
 */
export function substituteVariables(text: string, variables: Record<string, string>): string {
  const expressed = text.replace(/\$\{\{([\s\S]*?)\}\}/g, (whole, expression: string) => {
    try {
      const value = evaluateExpression(expression.trim(), contexts(variables), { allowUnknownNames: true });
      return value === null || value === undefined ? whole : String(value);
    } catch {
      return whole;
    }
  });
  return replaceReferences(expressed, variables);
}

/**
 * The condition with `${NAME}` references replaced by their values first (BK-CI
 * EnvReplacementParser), then evaluated with the variables as contexts: each under its own name,
 * dotted names nested (`ci.pipeline_id`), and all of them under `variables`.
 */
export function conditionHolds(condition: string, variables: Record<string, string>): boolean {
  const text = replaceReferences(condition, variables).trim();
  if (text === '') return false;
  try {
    const result = evaluateExpression(text.replace(/^\$\{\{([\s\S]*)\}\}$/, '$1'), contexts(variables), { allowUnknownNames: true });
    return result === true || result === 'true';
  } catch {
    return false;
  }
}

function contexts(variables: Record<string, string>): Record<string, unknown> {
  const root: Record<string, unknown> = { variables: { ...variables } };
  for (const [key, value] of Object.entries(variables)) {
    const path = key.split('.');
    let node = root;
    path.slice(0, -1).forEach((part) => {
      const child = node[part];
      node = (node[part] = typeof child === 'object' && child !== null ? child : {}) as Record<string, unknown>;
    });
    if (!(path[path.length - 1] in node)) node[path[path.length - 1]] = value;
  }
  return root;
}
