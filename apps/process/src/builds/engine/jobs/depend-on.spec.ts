import { defaultModel, JobControlOption, Model } from '@bkci/pipeline-model';
import { dependOnCycle, dependOnDecision, dependOnJobIds } from './depend-on';

const option = (extra: Partial<JobControlOption>): JobControlOption => ({ enable: true, runCondition: 'STAGE_RUNNING', ...extra });

describe('dependOnJobIds', () => {
  it('reads the ID list as it is', () => {
    expect(dependOnJobIds(option({ dependOnType: 'ID', dependOnId: ['a', 'b'] }), {})).toEqual(['a', 'b']);
  });

  it('splits NAME on commas and semicolons and puts variables in', () => {
    expect(dependOnJobIds(option({ dependOnType: 'NAME', dependOnName: 'a;${WHO},${{ variables.OTHER }}' }), { WHO: 'b', OTHER: 'c' })).toEqual(['a', 'b', 'c']);
  });

  it('has nothing to wait for without a depend-on, or with blank names', () => {
    expect(dependOnJobIds(undefined, {})).toEqual([]);
    expect(dependOnJobIds(option({ dependOnType: 'NAME', dependOnName: '' }), {})).toEqual([]);
    expect(dependOnJobIds(option({ dependOnType: 'NAME', dependOnName: ' , ;' }), {})).toEqual([]);
    expect(dependOnJobIds(option({ dependOnType: 'ID', dependOnId: null }), {})).toEqual([]);
  });

  it('reads the list the type names, and none without a type (BK-CI getDependOnJobIds)', () => {
    expect(dependOnJobIds(option({ dependOnType: 'NAME', dependOnName: 'a', dependOnId: ['b'] }), {})).toEqual(['a']);
    expect(dependOnJobIds(option({ dependOnName: 'a', dependOnId: ['b'] }), {})).toEqual([]);
  });
});

describe('dependOnDecision', () => {
  it('goes when every job it depends on succeeded (or was not there to wait for)', () => {
    expect(dependOnDecision([{ jobId: 'a', status: 'SUCCEED' }, { jobId: 'b', status: 'SUCCEED' }])).toEqual({ kind: 'go' });
    expect(dependOnDecision([])).toEqual({ kind: 'go' });
  });

  it('waits for the jobs not finished, naming them', () => {
    expect(dependOnDecision([{ jobId: 'a', status: 'SUCCEED' }, { jobId: 'b', status: 'RUNNING' }, { jobId: 'c', status: 'QUEUE' }])).toEqual({ kind: 'wait', waitingFor: ['b', 'c'] });
  });

  it('is skipped when one it depends on failed, was cancelled or skipped, whatever the others do', () => {
    expect(dependOnDecision([{ jobId: 'a', status: 'RUNNING' }, { jobId: 'b', status: 'FAILED' }])).toEqual({ kind: 'skip', reason: 'skipped: job b it depends on ended FAILED' });
    expect(dependOnDecision([{ jobId: 'a', status: 'CANCELED' }])).toEqual({ kind: 'skip', reason: 'skipped: job a it depends on ended CANCELED' });
    expect(dependOnDecision([{ jobId: 'a', status: 'HEARTBEAT_TIMEOUT' }])).toEqual({ kind: 'skip', reason: 'skipped: job a it depends on ended HEARTBEAT_TIMEOUT' });
    expect(dependOnDecision([{ jobId: 'a', status: 'SKIP' }, { jobId: 'b', status: 'FAILED' }])).toEqual({ kind: 'skip', reason: 'skipped: job a it depends on was skipped' });
  });
});

describe('dependOnCycle', () => {
  /** A stage of jobs by id, each depending (by NAME) on the ones listed. */
  function modelOf(jobs: Record<string, string>): Model {
    const model = defaultModel('cycles');
    model.stages.push({
      id: 'stage-2',
      name: 'build',
      containers: Object.entries(jobs).map(([jobId, dependOn], index) => ({
        '@type': 'vmBuild',
        id: String(index + 1),
        jobId,
        name: jobId,
        baseOS: 'LINUX',
        jobControlOption: option({ dependOnType: 'NAME', dependOnName: dependOn }),
        elements: [],
      })),
    });
    return model;
  }

  it('finds none in a chain or a diamond', () => {
    expect(dependOnCycle(modelOf({ a: '', b: 'a', c: 'a,b', d: 'b;c' }), {})).toBeNull();
  });

  it('names the jobs that close a cycle, direct, through others, or a job naming itself', () => {
    expect(dependOnCycle(modelOf({ a: 'b', b: 'a' }), {})).toBe('stage "build": job b depends on a, which depends on it');
    expect(dependOnCycle(modelOf({ a: 'c', b: 'a', c: 'b' }), {})).toBe('stage "build": job b depends on a, which depends on it');
    expect(dependOnCycle(modelOf({ a: 'a' }), {})).toBe('stage "build": job a depends on a, which depends on it');
  });

  it('reads the names with the variables put in', () => {
    expect(dependOnCycle(modelOf({ a: '${OTHER}', b: 'a' }), { OTHER: 'b' })).not.toBeNull();
    expect(dependOnCycle(modelOf({ a: '${OTHER}', b: 'a' }), { OTHER: 'c' })).toBeNull();
  });
});
