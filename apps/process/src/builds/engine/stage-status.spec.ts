import { buildStatusOf, stageStatusOf } from './stage-status';

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
  ] as const)('%j → %s', (stages, expected) => {
    expect(buildStatusOf([...stages])).toBe(expected);
  });
});
