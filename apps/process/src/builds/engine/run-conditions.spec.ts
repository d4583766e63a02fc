import { conditionHolds, stageSkipped } from './run-conditions';

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
