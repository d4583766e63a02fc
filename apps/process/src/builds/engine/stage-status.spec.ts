import { buildEnded, buildStatusOf, stageStatusOf } from './stage-status';

describe('stageStatusOf', () => {
  it.each([
    [['SUCCEED', 'SKIP'], 'SUCCEED'],
    [['SKIP', 'SKIP'], 'SKIP'],
    [['SUCCEED', 'FAILED', 'CANCELED'], 'FAILED'],
    [['SUCCEED', 'EXEC_TIMEOUT'], 'FAILED'],
    [['SUCCEED', 'CANCELED'], 'CANCELED'],
    [['REVIEW_PROCESSED', 'QUALITY_CHECK_PASS'], 'SUCCEED'],
  ] as const)('%j → %s', (jobs, expected) => {
    expect(stageStatusOf([...jobs])).toBe(expected);
  });
});

describe('buildStatusOf', () => {
  it.each([
    [['SUCCEED', 'SKIP', 'SUCCEED'], 'SUCCEED'],
    [['SUCCEED', 'FAILED', 'SUCCEED'], 'FAILED'],
    [['SUCCEED', 'CANCELED', 'FAILED'], 'FAILED'],
    [['SUCCEED', 'CANCELED'], 'CANCELED'],
    [['SUCCEED', 'STAGE_SUCCESS', 'SUCCEED'], 'STAGE_SUCCESS'],
    [['STAGE_SUCCESS', 'FAILED'], 'FAILED'],
  ] as const)('%j → %s', (stages, expected) => {
    expect(buildStatusOf([...stages])).toBe(expected);
  });
});

describe('buildEnded', () => {
  it('takes STAGE_SUCCESS for an end only with an end time (without one the build waits for a review)', () => {
    expect(buildEnded({ status: 'STAGE_SUCCESS', endTime: null })).toBe(false);
    expect(buildEnded({ status: 'STAGE_SUCCESS', endTime: new Date() })).toBe(true);
    expect(buildEnded({ status: 'SUCCEED', endTime: null })).toBe(true);
    expect(buildEnded({ status: 'RUNNING', endTime: null })).toBe(false);
  });
});
