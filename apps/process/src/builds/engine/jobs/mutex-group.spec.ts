import { MutexGroup } from '@bkci/pipeline-model';
import { mutexRefusal, runtimeMutex } from './mutex-group';

const group = (extra: Partial<MutexGroup>): MutexGroup => ({ enable: true, mutexGroupName: 'm', queueEnable: true, queue: 5, timeout: 10, ...extra });

describe('runtimeMutex', () => {
  it('is none when the group is off, absent, or its name blank', () => {
    expect(runtimeMutex(group({ enable: false }), {})).toBeNull();
    expect(runtimeMutex(null, {})).toBeNull();
    expect(runtimeMutex(group({ mutexGroupName: '' }), {})).toBeNull();
    expect(runtimeMutex(group({ mutexGroupName: '${EMPTY}' }), { EMPTY: '' })).toBeNull();
  });

  it('puts the build variables in the name, in both of BK-CI forms', () => {
    expect(runtimeMutex(group({ mutexGroupName: 'deploy-${ENV}' }), { ENV: 'prod' })?.name).toBe('deploy-prod');
    expect(runtimeMutex(group({ mutexGroupName: 'deploy-${{ variables.ENV }}' }), { ENV: 'dev' })?.name).toBe('deploy-dev');
  });

  it('takes timeoutVar when it is a whole number, else the timeout', () => {
    expect(runtimeMutex(group({ timeoutVar: '30' }), {})?.timeoutMinutes).toBe(30);
    expect(runtimeMutex(group({ timeoutVar: '${{ variables.WAIT }}' }), { WAIT: '7' })?.timeoutMinutes).toBe(7);
    expect(runtimeMutex(group({ timeoutVar: '${{ variables.WAIT }}' }), { WAIT: 'soon' })?.timeoutMinutes).toBe(10);
    expect(runtimeMutex(group({ timeoutVar: '1.5' }), {})?.timeoutMinutes).toBe(10);
    expect(runtimeMutex(group({ timeoutVar: null }), {})?.timeoutMinutes).toBe(10);
  });

  it('keeps the timeout within 0..7 days and the queue within 0..50', () => {
    expect(runtimeMutex(group({ timeoutVar: '-3' }), {})?.timeoutMinutes).toBe(0);
    expect(runtimeMutex(group({ timeout: 99_999 }), {})?.timeoutMinutes).toBe(10_080);
    expect(runtimeMutex(group({ queue: 500 }), {})?.queue).toBe(50);
    expect(runtimeMutex(group({ queue: -1 }), {})?.queue).toBe(0);
  });

  it('keeps whether it queues at all', () => {
    expect(runtimeMutex(group({ queueEnable: false }), {})).toEqual({ name: 'm', queueEnable: false, queue: 5, timeoutMinutes: 10 });
  });
});

describe('mutexRefusal', () => {
  const mutex = { name: 'm', queueEnable: true, queue: 2, timeoutMinutes: 10 };

  it('lets a job wait while the queue has room', () => {
    expect(mutexRefusal(mutex, 0)).toBeNull();
    expect(mutexRefusal(mutex, 1)).toBeNull();
  });

  it('refuses with queueing off, the queue full (or of size 0), or a timeout of 0', () => {
    expect(mutexRefusal({ ...mutex, queueEnable: false }, 0)).toBe('queue disabled');
    expect(mutexRefusal(mutex, 2)).toBe('queue full (2 of 2 waiting)');
    expect(mutexRefusal({ ...mutex, queue: 0 }, 0)).toBe('queue full (0 of 0 waiting)');
    expect(mutexRefusal({ ...mutex, timeoutMinutes: 0 }, 0)).toBe('queue timeout [0 minutes]');
  });
});
