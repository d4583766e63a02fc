import type { StagePauseCheck } from '@bkci/pipeline-model';
import { checkInToReview, groupToReview, hasReviewer, initialCheckIn, isReviewer, needsReview, reviewed, reviewGroupById, reviewTimeoutMs, reviewVariables } from './stage-check-in';

const HOUR = 60 * 60 * 1000;

function twoGroups(): StagePauseCheck {
  return {
    manualTrigger: true,
    reviewParams: [
      { key: 'TARGET', value: 'staging', valueType: 'STRING' },
      { key: 'REGIONS', value: ['eu'], valueType: 'MULTIPLE' },
    ],
    reviewGroups: [
      { id: 'g1', name: 'Leads', reviewers: ['alice'] },
      { id: 'g2', name: 'Ops', reviewers: ['bob', 'carol'] },
    ],
  };
}

describe('stage check-in review', () => {
  it('starts a build’s check-in with group ids and nothing reviewed', () => {
    const check = initialCheckIn({ manualTrigger: true, status: 'REVIEW_PROCESSED', reviewGroups: [{ name: 'Flow 1', reviewers: ['a'], status: 'PROCESS', operator: 'a' }] })!;
    expect(check.status).toBeNull();
    expect(check.reviewGroups).toHaveLength(1);
    expect(check.reviewGroups![0]).toMatchObject({ name: 'Flow 1', status: null, operator: null });
    expect(check.reviewGroups![0].id).toMatch(/^[0-9a-f]{32}$/);
    expect(initialCheckIn(null)).toBeNull();
  });

  it('needs a review only with manualTrigger and a group waiting', () => {
    expect(needsReview(twoGroups())).toBe(true);
    expect(needsReview({ ...twoGroups(), manualTrigger: false })).toBe(false);
    expect(needsReview({ manualTrigger: true, reviewGroups: [] })).toBe(false);
    expect(needsReview(null)).toBe(false);
  });

  it('puts the build’s variables into the reviewers, splitting a list at commas', () => {
    const check = { ...twoGroups(), reviewGroups: [{ id: 'g1', name: 'Starter', reviewers: ['${{ BK_CI_START_USER_NAME }}', '${{ variables.APPROVERS }}', '${OWNER}', ''] }] };
    const waiting = checkInToReview(check, { BK_CI_START_USER_NAME: 'alice', APPROVERS: 'bob, carol', OWNER: 'dave' });
    expect(waiting.status).toBe('REVIEWING');
    expect(waiting.reviewGroups![0].reviewers).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(hasReviewer(waiting)).toBe(true);
    expect(hasReviewer(checkInToReview({ ...check, reviewGroups: [{ id: 'g', name: 'x', reviewers: ['${{ variables.NOBODY }}'] }] }, {}))).toBe(true);
    expect(hasReviewer({ ...check, reviewGroups: [{ id: 'g', name: 'x', reviewers: [' '] }] })).toBe(false);
  });

  it('adds the members of the project groups a review group names to its reviewers, once each', () => {
    const check = { ...twoGroups(), reviewGroups: [{ id: 'g1', name: 'Leads', reviewers: ['alice'], groups: ['maintainer', '${TEAM}', 'nobody'] }] };
    const waiting = checkInToReview(check, { TEAM: 'ops' }, { maintainer: ['alice', 'bob'], ops: ['carol'] });
    expect(waiting.reviewGroups![0].reviewers).toEqual(['alice', 'bob', 'carol']);
    expect(waiting.reviewGroups![0].groups).toEqual(['maintainer', 'ops', 'nobody']);
  });

  it('moves from group to group; the last approval processes the review and carries the changed params', () => {
    const first = reviewed(twoGroups(), { groupId: 'g1', operator: 'alice', action: 'PROCESS', params: [{ key: 'TARGET', value: 'prod' }, { key: 'UNKNOWN', value: 'x' }], suggest: 'ok', time: 1 })!;
    expect(first.status).toBeUndefined();
    expect(first.reviewGroups![0]).toMatchObject({ status: 'PROCESS', operator: 'alice', suggest: 'ok', reviewTime: 1, params: [{ key: 'TARGET', value: 'prod' }] });
    expect(groupToReview(first)!.id).toBe('g2');
    expect(isReviewer(first, 'alice')).toBe(false);
    expect(isReviewer(first, 'carol')).toBe(true);
    expect(reviewed(first, { groupId: 'g1', operator: 'alice', action: 'PROCESS', time: 2 })).toBeNull();

    const last = reviewed(first, { groupId: 'g2', operator: 'carol', action: 'PROCESS', params: [{ key: 'REGIONS', value: ['eu', 'us'] }], time: 3 })!;
    expect(last.status).toBe('REVIEW_PROCESSED');
    expect(groupToReview(last)).toBeNull();
    expect(reviewVariables(last)).toEqual({ TARGET: 'prod', REGIONS: 'eu,us' });
    expect(twoGroups().reviewParams![0].value).toBe('staging');
  });

  it('aborts the review when a group rejects it, and takes a request without a group id for the first group', () => {
    expect(reviewGroupById(twoGroups(), undefined)!.id).toBe('g1');
    const rejected = reviewed(twoGroups(), { groupId: null, operator: 'alice', action: 'ABORT', suggest: 'no', time: 1 })!;
    expect(rejected.status).toBe('REVIEW_ABORT');
    expect(rejected.reviewGroups!.map((g) => g.status ?? null)).toEqual(['ABORT', null]);
  });

  it('waits 24 hours by default, and at most 30 days', () => {
    expect(reviewTimeoutMs({})).toBe(24 * HOUR);
    expect(reviewTimeoutMs({ timeout: 2 })).toBe(2 * HOUR);
    expect(reviewTimeoutMs({ timeout: 0 })).toBe(720 * HOUR);
    expect(reviewTimeoutMs({ timeout: 1000 })).toBe(720 * HOUR);
  });
});
