import { BuildError, BuildErrorCode } from '../build.errors';
import { checkReviewParams, reviewOutputVariables, reviewParamVariables, stepTimeoutMinutes, taskReviewers } from './manual-review';

const codeOf = (work: () => void): number | null => {
  try {
    work();
    return null;
  } catch (error) {
    return error instanceof BuildError ? error.code : -1;
  }
};

describe('manual review rules', () => {
  it('puts the build variables into the reviewers and splits lists at commas, dropping blanks and repeats', () => {
    const variables = { BK_CI_START_USER_NAME: 'dora', OPS: 'erin, frank,' };
    expect(taskReviewers({ reviewUsers: ['${{ BK_CI_START_USER_NAME }}', '${OPS}', 'dora', ' '] }, variables)).toEqual(['dora', 'erin', 'frank']);
    expect(taskReviewers({ reviewUsers: ['${NOBODY}'] }, variables)).toEqual(['${NOBODY}']);
    expect(taskReviewers({ reviewUsers: [] }, variables)).toEqual([]);
  });

  it('checks required values, options, required checkboxes and lengths as BK-CI checkManualReviewParam', () => {
    const options = [
      { key: 'a', value: 'A' },
      { key: 'b', value: 'B' },
    ];
    expect(codeOf(() => checkReviewParams([{ key: 'X', value: 'x' }, { key: 'Y', value: '', required: false }]))).toBeNull();
    expect(codeOf(() => checkReviewParams([{ key: 'X', value: ' ', required: true }]))).toBe(BuildErrorCode.PARAM_EMPTY);
    expect(codeOf(() => checkReviewParams([{ key: 'X', valueType: 'ENUM', value: 'a', options }]))).toBeNull();
    expect(codeOf(() => checkReviewParams([{ key: 'X', valueType: 'ENUM', value: 'c', options }]))).toBe(BuildErrorCode.PARAM_INVALID);
    expect(codeOf(() => checkReviewParams([{ key: 'X', valueType: 'MULTIPLE', value: ['a', 'b'], options }]))).toBeNull();
    expect(codeOf(() => checkReviewParams([{ key: 'X', valueType: 'MULTIPLE', value: 'a,c', options }]))).toBe(BuildErrorCode.PARAM_INVALID);
    expect(codeOf(() => checkReviewParams([{ key: 'X', valueType: 'CHECKBOX', value: false, required: true }]))).toBe(BuildErrorCode.PARAM_INVALID);
    expect(codeOf(() => checkReviewParams([{ key: 'X', value: 'x'.repeat(4001) }]))).toBe(BuildErrorCode.REVIEW_PARAM_TOO_LONG);
  });

  it('turns the params into variables: flags as given (false when absent), text with variables put in, lists comma-joined', () => {
    const variables = { TARGET: 'prod' };
    expect(
      reviewParamVariables(
        [
          { key: 'FLAG', valueType: 'BOOLEAN' },
          { key: 'TICK', valueType: 'CHECKBOX', value: true },
          { key: 'WHERE', value: 'to ${TARGET}' },
          { key: 'PICKS', valueType: 'MULTIPLE', value: ['a', 'b'] },
          { key: 'EMPTY' },
        ],
        variables,
      ),
    ).toEqual({ FLAG: 'false', TICK: 'true', WHERE: 'to prod', PICKS: 'a,b', EMPTY: '' });
  });

  it('names the decision variables as BK-CI, under the namespace when there is one', () => {
    expect(reviewOutputVariables('', 'PROCESS', 'dora', 'ok')).toEqual({ MANUAL_REVIEW_RESULT: 'PROCESS', MANUAL_REVIEWER: 'dora', MANUAL_REVIEW_SUGGEST: 'ok' });
    expect(reviewOutputVariables('gate', 'ABORT', 'erin', '')).toEqual({ gate_MANUAL_REVIEW_RESULT: 'ABORT', gate_MANUAL_REVIEWER: 'erin', gate_MANUAL_REVIEW_SUGGEST: '' });
  });

  it('reads the step timeout in minutes with BK-CI Timeout’s default (900) and bounds (7 days)', () => {
    expect(stepTimeoutMinutes(null)).toBe(900);
    expect(stepTimeoutMinutes({ enable: true })).toBe(900);
    expect(stepTimeoutMinutes({ timeout: 5 })).toBe(5);
    expect(stepTimeoutMinutes({ timeout: 0 })).toBe(10080);
    expect(stepTimeoutMinutes({ timeout: 20000 })).toBe(10080);
  });
});
