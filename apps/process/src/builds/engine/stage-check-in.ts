import { randomUUID } from 'node:crypto';
import type { ManualReviewParam, StagePauseCheck, StageReviewGroup } from '@bkci/pipeline-model';
import { substituteVariables } from './run-conditions';

/*
 * A stage's check-in review (BK-CI StagePauseCheck): its groups are reviewed one after the other; a
 * group with no status is waiting, the first such group is the one to review now.
 */

export type ReviewAction = 'PROCESS' | 'ABORT';

/** BK-CI Timeout: a review waits 24 hours unless told otherwise, and never more than 30 days. */
export const DEFAULT_REVIEW_HOURS = 24;
export const MAX_REVIEW_HOURS = 30 * 24;
/** Who rejects a review that timed out or has nobody to review it. */
export const SYSTEM_REVIEWER = 'SYSTEM';

/** Whether a stage with this check-in waits for a review before its jobs start (BK-CI needPause). */
export function needsReview(check: StagePauseCheck | null): check is StagePauseCheck {
  return check?.manualTrigger === true && groupToReview(check) !== null;
}

/** The group waiting for its review, or null when every group has been reviewed. */
export function groupToReview(check: StagePauseCheck): StageReviewGroup | null {
  return check.reviewGroups?.find((group) => !group.status) ?? null;
}

/** BK-CI getReviewGroupById: a request without a group id (older consoles) means the first group. */
export function reviewGroupById(check: StagePauseCheck, groupId: string | null | undefined): StageReviewGroup | null {
  if (!groupId) return check.reviewGroups?.[0] ?? null;
  return check.reviewGroups?.find((group) => group.id === groupId) ?? null;
}

/** The check-in as a new build starts it (BK-CI fixReviewGroups(init = true)): every group has an id and nothing is reviewed. */
export function initialCheckIn(check: StagePauseCheck | null | undefined): StagePauseCheck | null {
  if (!check) return null;
  const reviewGroups = check.reviewGroups?.map((group) => ({
    ...group,
    id: group.id || randomUUID().replace(/-/g, ''),
    status: null,
    operator: null,
    reviewTime: null,
    suggest: null,
    params: null,
  }));
  return { ...check, status: null, checkTimes: null, ...(reviewGroups ? { reviewGroups } : {}) };
}

/**
 * The check-in as the stage starts to wait (BK-CI parseReviewVariables and checkReviewGroup): the
 * waiting groups' reviewers and the description with the build's variables put in (`${{ variables.X }}`,
 * `${X}`), a list of names split at commas as BK-CI does, blanks dropped; the members of the project
 * groups a review group names (`groupMembers`, by group code or name) added to its reviewers; status REVIEWING.
 */
export function checkInToReview(check: StagePauseCheck, variables: Record<string, string>, groupMembers: Record<string, string[]> = {}): StagePauseCheck {
  const resolve = (names: string[] | undefined) =>
    (names ?? [])
      .flatMap((name) => substituteVariables(name, variables).split(','))
      .map((name) => name.trim())
      .filter((name) => name !== '');
  return {
    ...check,
    status: 'REVIEWING',
    reviewDesc: check.reviewDesc ? substituteVariables(check.reviewDesc, variables) : check.reviewDesc,
    reviewGroups: check.reviewGroups?.map((group) => {
      if (group.status) return group;
      const groups = resolve(group.groups);
      const fromGroups = groups.flatMap((name) => (Object.hasOwn(groupMembers, name) ? groupMembers[name] : []));
      return { ...group, groups, reviewers: [...new Set([...resolve(group.reviewers), ...fromGroups])] };
    }),
  };
}

/** Whether the group waiting has someone to review it (BK-CI rejects a review whose group has none). */
export function hasReviewer(check: StagePauseCheck): boolean {
  return groupToReview(check)?.reviewers.some((reviewer) => reviewer.trim() !== '') ?? false;
}

/** BK-CI reviewerContains: whether `userId` is a reviewer of the group waiting now. */
export function isReviewer(check: StagePauseCheck, userId: string): boolean {
  return groupToReview(check)?.reviewers.includes(userId) ?? false;
}

export interface ReviewDecision {
  groupId: string | null | undefined;
  operator: string;
  action: ReviewAction;
  params?: ManualReviewParam[] | null;
  suggest?: string | null;
  time: number;
}

/**
 * BK-CI reviewGroup: the group's decision written into a copy of the check. Params the reviewer changed
 * (keys the check declares, values differing) are the group's record, and their values carry on to
 * the next group. The check is REVIEW_PROCESSED once no group waits, REVIEW_ABORT once one rejected.
 * Null when the group does not exist or was reviewed already.
 */
export function reviewed(check: StagePauseCheck, decision: ReviewDecision): StagePauseCheck | null {
  const target = reviewGroupById(check, decision.groupId);
  if (!target || target.status) return null;
  const reviewParams = check.reviewParams?.map((param) => ({ ...param }));
  const changed: ManualReviewParam[] = [];
  for (const given of decision.params ?? []) {
    const declared = reviewParams?.find((param) => param.key === given.key);
    if (!declared || String(declared.value) === String(given.value)) continue;
    changed.push(given);
    declared.value = given.value;
  }
  const group: StageReviewGroup = {
    ...target,
    status: decision.action,
    operator: decision.operator,
    reviewTime: decision.time,
    suggest: decision.suggest ?? null,
    params: changed.length > 0 ? changed : null,
  };
  const next: StagePauseCheck = { ...check, reviewParams: reviewParams ?? check.reviewParams, reviewGroups: check.reviewGroups?.map((g) => (g === target ? group : g)) };
  if (decision.action === 'ABORT') next.status = 'REVIEW_ABORT';
  else if (!groupToReview(next)) next.status = 'REVIEW_PROCESSED';
  return next;
}

/** BK-CI saveStageReviewParams: the review params' values as build variables (a list comma-joined, an object as JSON). */
export function reviewVariables(check: StagePauseCheck): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const param of check.reviewParams ?? []) {
    if (param.value === null || param.value === undefined) continue;
    variables[param.key] = Array.isArray(param.value) ? param.value.join(',') : typeof param.value === 'object' ? JSON.stringify(param.value) : String(param.value);
  }
  return variables;
}

/** How long a check-in review may wait, in milliseconds (BK-CI: unset is 24 hours; zero, negative or over the maximum is the maximum). */
export function reviewTimeoutMs(check: StagePauseCheck): number {
  let hours = check.timeout ?? DEFAULT_REVIEW_HOURS;
  if (hours <= 0 || hours > MAX_REVIEW_HOURS) hours = MAX_REVIEW_HOURS;
  return hours * 60 * 60 * 1000;
}
