import type { ManualReviewParam, ManualReviewUserTaskElement } from '@bkci/pipeline-model';
import { MAX_VAR_LENGTH } from '../build-params';
import { BuildError, BuildErrorCode } from '../build.errors';
import { substituteVariables } from './run-conditions';

/*
 * The pure rules of BK-CI's manual review step (ManualReviewTaskAtom, PipelineBuildFacadeService
 * buildManualReview / checkManualReviewParam, PipelineRuntimeService manualDealReview).
 */

export type ReviewAction = 'PROCESS' | 'ABORT';

/** BK-CI's output variables of a review (ManualReviewTaskAtom.postPrint), prefixed `{namespace}_` when the step has one. */
export const REVIEW_RESULT_VAR = 'MANUAL_REVIEW_RESULT';
export const REVIEWER_VAR = 'MANUAL_REVIEWER';
export const REVIEW_SUGGEST_VAR = 'MANUAL_REVIEW_SUGGEST';

/** BK-CI ErrorCode.USER_TASK_OUTTIME_LIMIT: the step ran past its own timeout. */
export const TASK_TIMEOUT_ERROR_CODE = 2199006;

/** BK-CI Timeout: a step's timeout in minutes when it sets none, and the most it may set (7 days). */
const DEFAULT_TIMEOUT_MINUTES = 900;
const MAX_TIMEOUT_MINUTES = 7 * 24 * 60;

/** The step's reviewers with the build's variables put in, a name list split at commas (BK-CI parseVariable then split). */
export function taskReviewers(element: Pick<ManualReviewUserTaskElement, 'reviewUsers'>, variables: Record<string, string>): string[] {
  const names = (element.reviewUsers ?? []).flatMap((name) => substituteVariables(name, variables).split(','));
  return [...new Set(names.map((name) => name.trim()).filter((name) => name !== ''))];
}

/**
 * BK-CI checkManualReviewParam: a required param needs a value; an ENUM's value must be one of its
 * options, each of a MULTIPLE's comma-separated values too; a required CHECKBOX must be ticked. And a
 * value must fit in a build variable. Throws a 400 naming the param.
 */
export function checkReviewParams(params: ManualReviewParam[]): void {
  for (const param of params) {
    const value = paramText(param.value);
    if (param.required === true && value.trim() === '') throw new BuildError(BuildErrorCode.PARAM_EMPTY, `Review param ${param.key} is required; give it a value`);
    if (value.length > MAX_VAR_LENGTH) throw new BuildError(BuildErrorCode.REVIEW_PARAM_TOO_LONG, `Review param ${param.key} is longer than ${MAX_VAR_LENGTH} characters`);
    if (value.trim() === '') continue;
    const options = (param.options ?? []).map((option) => option.key);
    const outside = (values: string[]) => param.options && values.some((v) => !options.includes(v));
    if (param.valueType === 'ENUM' && outside([value])) throw new BuildError(BuildErrorCode.PARAM_INVALID, `Review param ${param.key}: "${value}" is not one of its options`);
    if (param.valueType === 'MULTIPLE' && outside(value.split(','))) throw new BuildError(BuildErrorCode.PARAM_INVALID, `Review param ${param.key}: "${value}" is not among its options`);
    if (param.valueType === 'CHECKBOX' && param.required === true && value !== 'true') throw new BuildError(BuildErrorCode.PARAM_INVALID, `Review param ${param.key} must be ticked`);
  }
}

/**
 * BK-CI manualDealReview's variables from the reviewer's params: a BOOLEAN or CHECKBOX as given
 * (false when absent), any other value with the build's variables put in; a list comma-joined.
 */
export function reviewParamVariables(params: ManualReviewParam[], variables: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const param of params) {
    const flag = param.valueType === 'BOOLEAN' || param.valueType === 'CHECKBOX';
    result[param.key] = flag ? paramText(param.value ?? false) : substituteVariables(paramText(param.value), variables);
  }
  return result;
}

/** BK-CI postPrint: the decision, who made it and their suggestion, as variables (`{namespace}_NAME` with a namespace). */
export function reviewOutputVariables(namespace: string | null | undefined, action: ReviewAction, reviewer: string, suggest: string): Record<string, string> {
  const name = (base: string) => (namespace && namespace.trim() !== '' ? `${namespace}_${base}` : base);
  return { [name(REVIEW_RESULT_VAR)]: action, [name(REVIEWER_VAR)]: reviewer, [name(REVIEW_SUGGEST_VAR)]: suggest };
}

/** BK-CI IAtomTask.tryFinish's timeout of a step the engine runs: its `additionalOptions.timeout` minutes (BK-CI Timeout's default and bounds). */
export function stepTimeoutMinutes(additionalOptions: object | null): number {
  const minutes = Number((additionalOptions as { timeout?: unknown } | null)?.timeout ?? DEFAULT_TIMEOUT_MINUTES);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > MAX_TIMEOUT_MINUTES) return MAX_TIMEOUT_MINUTES;
  return Math.floor(minutes);
}

function paramText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(String).join(',');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
