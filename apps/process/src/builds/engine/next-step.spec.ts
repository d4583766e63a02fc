import type { BuildStatus } from '@bkci/pipeline-model';
import { BuildTaskEntity } from '../entities/build-task.entity';
import { nextStep } from './next-step';

function step(taskId: string, status: BuildStatus, additionalOptions: object | null = null): BuildTaskEntity {
  return { taskId, taskName: taskId, status, additionalOptions, taskAtom: '' } as BuildTaskEntity;
}

const decided = (result: ReturnType<typeof nextStep>) => result.notRun.map((n) => [n.task.taskId, n.status, n.reason]);

describe('nextStep (BK-CI findNeedToRunTask)', () => {
  it('runs the first ready step, waits on one in progress, and finishes SUCCEED when all ended well', () => {
    expect(nextStep([step('a', 'SUCCEED'), step('b', 'QUEUE'), step('c', 'QUEUE')], {}).next).toMatchObject({ kind: 'run', task: { taskId: 'b' } });
    expect(nextStep([step('a', 'RUNNING'), step('b', 'QUEUE')], {}).next).toMatchObject({ kind: 'wait', task: { taskId: 'a' } });
    expect(nextStep([step('a', 'QUEUE_CACHE')], {}).next.kind).toBe('wait');
    expect(nextStep([step('a', 'SUCCEED'), step('b', 'SKIP')], {}).next).toEqual({ kind: 'finish', status: 'SUCCEED', reason: null });
    // A step waiting for its automatic retry runs again.
    expect(nextStep([step('a', 'RETRY')], {}).next).toMatchObject({ kind: 'run', task: { taskId: 'a' } });
  });

  it('after a failure leaves the ordinary steps unrun, runs the ones that run on failure, and ends with the failure', () => {
    const result = nextStep(
      [step('a', 'FAILED'), step('b', 'QUEUE'), step('c', 'QUEUE', { runCondition: 'PRE_TASK_FAILED_ONLY' }), step('d', 'QUEUE')],
      {},
    );
    expect(decided(result)).toEqual([['b', 'UNEXEC', 'not run: step "a" ended FAILED']]);
    expect(result.next).toMatchObject({ kind: 'run', task: { taskId: 'c' } });
    const end = nextStep([step('a', 'FAILED'), step('c', 'SUCCEED', { runCondition: 'PRE_TASK_FAILED_ONLY' }), step('d', 'QUEUE')], {});
    expect(decided(end)).toEqual([['d', 'UNEXEC', 'not run: step "a" ended FAILED']]);
    expect(end.next).toEqual({ kind: 'finish', status: 'FAILED', reason: 'step "a" ended FAILED' });
  });

  it('goes on after a failure with continue-on-error, and the job succeeds', () => {
    const result = nextStep([step('a', 'FAILED', { continueWhenFailed: true }), step('b', 'QUEUE')], {});
    expect(result.notRun).toHaveLength(0);
    expect(result.next).toMatchObject({ kind: 'run', task: { taskId: 'b' } });
    expect(nextStep([step('a', 'FAILED', { continueWhenFailed: true }), step('b', 'SUCCEED')], {}).next).toMatchObject({ kind: 'finish', status: 'SUCCEED' });
  });

  it('skips a step its own condition rules out, saying which', () => {
    const result = nextStep(
      [
        step('only-on-failure', 'QUEUE', { runCondition: 'PRE_TASK_FAILED_ONLY' }),
        step('vars', 'QUEUE', { runCondition: 'CUSTOM_VARIABLE_MATCH', customVariables: [{ key: 'ENV', value: 'prod' }] }),
        step('vars-not', 'QUEUE', { runCondition: 'CUSTOM_VARIABLE_MATCH_NOT_RUN', customVariables: [{ key: 'ENV', value: 'dev' }] }),
        step('expr', 'QUEUE', { runCondition: 'CUSTOM_CONDITION_MATCH', customCondition: "variables.ENV == 'prod'" }),
        step('runs', 'QUEUE', { runCondition: 'CUSTOM_CONDITION_MATCH', customCondition: "variables.ENV == 'dev'" }),
      ],
      { ENV: 'dev' },
    );
    expect(decided(result)).toEqual([
      ['only-on-failure', 'SKIP', 'skipped: runs only when a step before it failed'],
      ['vars', 'SKIP', 'skipped: its variables do not match'],
      ['vars-not', 'SKIP', 'skipped: its variables match'],
      ['expr', 'SKIP', `skipped: condition "variables.ENV == 'prod'" is false`],
    ]);
    expect(result.next).toMatchObject({ kind: 'run', task: { taskId: 'runs' } });
  });

  it('runs the always-run steps even after a cancel, and the but-cancel ones only after a failure', () => {
    const cancelled = nextStep([step('a', 'CANCELED'), step('b', 'QUEUE', { runCondition: 'PRE_TASK_FAILED_BUT_CANCEL' }), step('c', 'QUEUE', { runCondition: 'PRE_TASK_FAILED_EVEN_CANCEL' })], {});
    expect(decided(cancelled)).toEqual([['b', 'UNEXEC', 'not run: step "a" ended CANCELED']]);
    expect(cancelled.next).toMatchObject({ kind: 'run', task: { taskId: 'c' } });
    expect(nextStep([step('a', 'FAILED'), step('b', 'QUEUE', { runCondition: 'PRE_TASK_FAILED_BUT_CANCEL' })], {}).next).toMatchObject({ kind: 'run', task: { taskId: 'b' } });
    expect(nextStep([step('a', 'EXEC_TIMEOUT'), step('post', 'QUEUE', { runCondition: 'PARENT_TASK_CANCELED_OR_TIMEOUT' })], {}).next).toMatchObject({ kind: 'run', task: { taskId: 'post' } });
  });
});
