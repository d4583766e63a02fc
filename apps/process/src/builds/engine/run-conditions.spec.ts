import type { JobControlOption } from '@bkci/pipeline-model';
import { conditionHolds, jobSkipped, stageSkipped } from './run-conditions';

const VARS = { ENV: 'prod', DRY_RUN: 'false', 'ci.branch': 'main', BK_CI_BUILD_NUM: '7' };

describe('stageSkipped (BK-CI checkStageSkipCondition)', () => {
  const match = [{ key: 'ENV', value: 'prod' }, { key: 'DRY_RUN', value: 'false' }];
  const mismatch = [{ key: 'ENV', value: 'prod' }, { key: 'DRY_RUN', value: 'true' }];

  it.each([
    ['AFTER_LAST_FINISHED', match, false],
    ['CUSTOM_VARIABLE_MATCH', match, false],
    ['CUSTOM_VARIABLE_MATCH', mismatch, true],
    ['CUSTOM_VARIABLE_MATCH', [], false],
    ['CUSTOM_VARIABLE_MATCH_NOT_RUN', match, true],
    ['CUSTOM_VARIABLE_MATCH_NOT_RUN', mismatch, false],
    ['CUSTOM_VARIABLE_MATCH_NOT_RUN', [], true],
  ] as const)('%s with %j → skip %s', (runCondition, customVariables, skipped) => {
    expect(stageSkipped({ enable: true, runCondition, customVariables: [...customVariables] }, VARS)).toBe(skipped);
  });

  it('runs a stage with no run condition', () => {
    expect(stageSkipped(null, VARS)).toBe(false);
  });

  it.each([
    ["variables.ENV == 'prod'", false],
    ["ENV == 'prod' && DRY_RUN == 'false'", false],
    ["${{ ci.branch == 'main' }}", false],
    ["'${ENV}' == 'prod'", false],
    ["ENV == 'dev'", true],
    ['', true],
    ['ENV ==', true],
  ])('CUSTOM_CONDITION_MATCH %j → skip %s', (customCondition, skipped) => {
    expect(stageSkipped({ enable: true, runCondition: 'CUSTOM_CONDITION_MATCH', customCondition }, VARS)).toBe(skipped);
  });

  it('takes an unknown name as null rather than failing', () => {
    expect(conditionHolds("NOPE == 'x'", VARS)).toBe(false);
    expect(conditionHolds('NOPE == null', VARS)).toBe(true);
  });
});

describe('jobSkipped (BK-CI CheckConditionalSkipContainerCmd)', () => {
  const job = (overrides: Partial<JobControlOption>): JobControlOption => ({ enable: true, runCondition: 'STAGE_RUNNING', ...overrides });

  it('skips a disabled job and runs a job with no option', () => {
    expect(jobSkipped(job({ enable: false }), VARS, false, null)).toBe(true);
    expect(jobSkipped(null, VARS, false, null)).toBe(false);
  });

  it.each([
    ['CUSTOM_VARIABLE_MATCH', [{ key: 'ENV', value: 'prod' }], false],
    ['CUSTOM_VARIABLE_MATCH', [{ key: 'ENV', value: 'dev' }], true],
    // The expected value has its ${NAME} references replaced first.
    ['CUSTOM_VARIABLE_MATCH', [{ key: 'BK_CI_BUILD_NUM', value: '${BK_CI_BUILD_NUM}' }], false],
    ['CUSTOM_VARIABLE_MATCH_NOT_RUN', [{ key: 'ENV', value: 'prod' }], true],
    ['CUSTOM_VARIABLE_MATCH_NOT_RUN', [{ key: 'ENV', value: 'dev' }], false],
    ['PREVIOUS_STAGE_FAILED', [], false],
  ] as const)('outside the finally stage: %s %j → skip %s', (runCondition, customVariables, skipped) => {
    expect(jobSkipped(job({ runCondition, customVariables: [...customVariables] }), VARS, false, 'FAILED')).toBe(skipped);
  });

  it('judges a custom condition like a stage’s', () => {
    expect(jobSkipped(job({ runCondition: 'CUSTOM_CONDITION_MATCH', customCondition: "ENV == 'prod'" }), VARS, false, null)).toBe(false);
    expect(jobSkipped(job({ runCondition: 'CUSTOM_CONDITION_MATCH', customCondition: "ENV == 'dev'" }), VARS, false, null)).toBe(true);
  });

  it.each([
    ['STAGE_RUNNING', 'FAILED', false],
    ['PREVIOUS_STAGE_FAILED', 'FAILED', false],
    ['PREVIOUS_STAGE_FAILED', 'EXEC_TIMEOUT', false],
    ['PREVIOUS_STAGE_FAILED', 'SUCCEED', true],
    ['PREVIOUS_STAGE_SUCCESS', 'SUCCEED', false],
    ['PREVIOUS_STAGE_SUCCESS', 'STAGE_SUCCESS', false],
    ['PREVIOUS_STAGE_SUCCESS', 'FAILED', true],
    ['PREVIOUS_STAGE_CANCEL', 'CANCELED', false],
    ['PREVIOUS_STAGE_CANCEL', 'FAILED', true],
    ['PREVIOUS_STAGE_SUCCESS', null, false],
    ['CUSTOM_VARIABLE_MATCH', 'SUCCEED', true],
  ] as const)('in the finally stage: %s after %s → skip %s', (runCondition, previous, skipped) => {
    expect(jobSkipped(job({ runCondition }), VARS, true, previous)).toBe(skipped);
  });
});
