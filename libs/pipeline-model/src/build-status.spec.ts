import {
  ACTION_TYPES,
  BUILD_STATUSES,
  BUILD_TASK_STATUSES,
  BuildStatus,
  buildStatusName,
  buildStatusOrdinal,
  isBuildStatusVisible,
  isCancel,
  isEndAction,
  isFailure,
  isFinish,
  isNeverRun,
  isPassiveStop,
  isReadyToRun,
  isReview,
  isRunning,
  isStartAction,
  isStartOrRefreshAction,
  isSuccess,
  isTimeout,
  parseBuildStatus,
  START_TYPES,
  toStartType,
} from './build-status';

/*
 * Every value, with what BK-CI's BuildStatus.kt says of it: ordinal, statusName, visible, and the
 * predicates (F = isFailure, S = isSuccess, C = isCancel, R = isRunning, Q = isReadyToRun,
 * N = isNeverRun, P = isPassiveStop, T = isTimeout, V = isReview). Written out by hand from the
 * Kotlin source so that a change to a predicate shows up as a row that no longer matches.
 */
const TABLE: Array<[BuildStatus, number, string, boolean, string]> = [
  ['SUCCEED', 0, 'succeed', true, 'S'],
  ['FAILED', 1, 'failed', true, 'F'],
  ['CANCELED', 2, 'canceled', true, 'C'],
  ['RUNNING', 3, 'running', true, 'R'],
  ['TERMINATE', 4, 'terminate', true, 'FP'],
  ['REVIEWING', 5, 'reviewing', true, 'R'],
  ['REVIEW_ABORT', 6, 'reviewAbort', true, 'FPV'],
  ['REVIEW_PROCESSED', 7, 'reviewProcessed', true, 'SV'],
  ['HEARTBEAT_TIMEOUT', 8, 'heartbeatTimeout', true, 'FT'],
  ['PREPARE_ENV', 9, 'prepareEnv', true, 'R'],
  ['UNEXEC', 10, 'unexec', false, 'N'],
  ['SKIP', 11, 'skip', true, 'S'],
  ['QUALITY_CHECK_FAIL', 12, 'qualityCheckFail', true, 'FP'],
  ['QUEUE', 13, 'queue', true, 'Q'],
  ['LOOP_WAITING', 14, 'loopWaiting', true, 'R'],
  ['CALL_WAITING', 15, 'callWaiting', true, 'R'],
  ['TRY_FINALLY', 16, 'tryFinally', false, ''],
  ['QUEUE_TIMEOUT', 17, 'queueTimeout', true, 'FT'],
  ['EXEC_TIMEOUT', 18, 'execTimeout', true, 'FT'],
  ['QUEUE_CACHE', 19, 'queueCache', true, 'Q'],
  ['RETRY', 20, 'retry', true, 'Q'],
  ['PAUSE', 21, 'pause', true, 'R'],
  ['STAGE_SUCCESS', 22, 'stageSuccess', true, ''],
  ['QUOTA_FAILED', 23, 'quotaFailed', true, 'F'],
  ['DEPENDENT_WAITING', 24, 'dependentWaiting', true, 'Q'],
  ['QUALITY_CHECK_PASS', 25, 'qualityCheckPass', true, 'S'],
  ['QUALITY_CHECK_WAIT', 26, 'qualityCheckWait', true, ''],
  ['TRIGGER_REVIEWING', 27, 'triggerReviewing', true, 'N'],
  ['UNKNOWN', 28, 'unknown', false, ''],
];

describe('BuildStatus', () => {
  it('has BK-CI’s 29 values in BK-CI’s order', () => {
    expect(BUILD_STATUSES).toHaveLength(29);
    expect(TABLE.map(([status]) => status)).toEqual([...BUILD_STATUSES]);
  });

  describe.each(TABLE)('%s', (status, ordinal, statusName, visible, flags) => {
    it(`has ordinal ${ordinal}, statusName ${statusName}, visible ${visible}`, () => {
      expect(buildStatusOrdinal(status)).toBe(ordinal);
      expect(buildStatusName(status)).toBe(statusName);
      expect(isBuildStatusVisible(status)).toBe(visible);
    });

    it(`answers the predicates as BK-CI (${flags || 'none'})`, () => {
      expect({
        isFailure: isFailure(status),
        isSuccess: isSuccess(status),
        isCancel: isCancel(status),
        isRunning: isRunning(status),
        isReadyToRun: isReadyToRun(status),
        isNeverRun: isNeverRun(status),
        isPassiveStop: isPassiveStop(status),
        isTimeout: isTimeout(status),
        isReview: isReview(status),
        isFinish: isFinish(status),
      }).toEqual({
        isFailure: flags.includes('F'),
        isSuccess: flags.includes('S'),
        isCancel: flags.includes('C'),
        isRunning: flags.includes('R'),
        isReadyToRun: flags.includes('Q'),
        isNeverRun: flags.includes('N'),
        isPassiveStop: flags.includes('P'),
        isTimeout: flags.includes('T'),
        isReview: flags.includes('V'),
        isFinish: flags.includes('F') || flags.includes('S') || flags.includes('C'),
      });
    });
  });

  it('counts the finished statuses as BK-CI does: 13 of them', () => {
    expect(BUILD_STATUSES.filter(isFinish)).toEqual([
      'SUCCEED',
      'FAILED',
      'CANCELED',
      'TERMINATE',
      'REVIEW_ABORT',
      'REVIEW_PROCESSED',
      'HEARTBEAT_TIMEOUT',
      'SKIP',
      'QUALITY_CHECK_FAIL',
      'QUEUE_TIMEOUT',
      'EXEC_TIMEOUT',
      'QUOTA_FAILED',
      'QUALITY_CHECK_PASS',
    ]);
  });

  it('parses a name as BK-CI: an unknown name, a lower-case one or none is UNKNOWN', () => {
    expect(parseBuildStatus('RUNNING')).toBe('RUNNING');
    expect(parseBuildStatus('running')).toBe('UNKNOWN');
    expect(parseBuildStatus('NOPE')).toBe('UNKNOWN');
    expect(parseBuildStatus(null)).toBe('UNKNOWN');
    expect(parseBuildStatus(undefined)).toBe('UNKNOWN');
  });
});

describe('ActionType', () => {
  it('has BK-CI’s values and predicates', () => {
    expect(ACTION_TYPES).toEqual(['RETRY', 'START', 'REFRESH', 'END', 'SKIP', 'TERMINATE', 'ARCHIVE']);
    expect(ACTION_TYPES.filter(isStartAction)).toEqual(['RETRY', 'START']);
    expect(ACTION_TYPES.filter(isStartOrRefreshAction)).toEqual(['RETRY', 'START', 'REFRESH']);
    expect(ACTION_TYPES.filter(isEndAction)).toEqual(['END', 'TERMINATE']);
  });
});

describe('StartType', () => {
  it('has BK-CI’s values; toStartType ignores case and falls back to MANUAL', () => {
    expect(START_TYPES).toEqual(['MANUAL', 'TIME_TRIGGER', 'WEB_HOOK', 'SERVICE', 'PIPELINE', 'REMOTE', 'TRIGGER_EVENT']);
    for (const type of START_TYPES) expect(toStartType(type.toLowerCase())).toBe(type);
    expect(toStartType('cron')).toBe('MANUAL');
  });
});

describe('BuildTaskStatus', () => {
  it('has BK-CI’s values', () => {
    expect(BUILD_TASK_STATUSES).toEqual(['WAIT', 'END', 'DO']);
  });
});
