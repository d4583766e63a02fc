import { appPath, USER_BUILD_CALLS, USER_BUILDS_CONTROLLER } from '@bkci/contracts';
import { doc, process, Query, requiredValue, rest, V4Route } from './v4-route';

/** A v4 `build_*` call onto process's user build route `call`, the ids named in the query moving into the path. */
function build(projectId: string, query: Query, call: string, ...ids: string[]): string {
  const params: Record<string, string> = { projectId };
  for (const id of ['pipelineId', ...ids]) params[id] = requiredValue(query, id);
  return `${appPath([USER_BUILDS_CONTROLLER, call], params)}${rest(query, 'pipelineId', ...ids)}`;
}

/**
 * BK-CI ApigwBuildResourceV4's calls the engine serves today, onto process's user build routes (their
 * permissions: pipeline_execute to start, stop, retry, review a stage or a step and read the start form, pipeline_view to read). BK-CI
 * looks a missing pipelineId up from the buildId, and finds a review step by its `stepId` when no `elementId`
 * is given; here both ids are required, as the user routes need them.
 * `build_detail` answers BK-CI's ModelRecord (the user record read), not the console's ModelDetail.
 */
export const V4_BUILD_ROUTES: V4Route[] = [
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_start$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.start)), doc: doc('/projects/{projectId}/build_start', 'Start a build of a pipeline', ['pipelineId']) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_stop$/, target: (p, q) => ({ ...process(build(p, q, USER_BUILD_CALLS.stop, 'buildId')), method: 'DELETE' }), doc: doc('/projects/{projectId}/build_stop', 'Stop a build', ['pipelineId', 'buildId']) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_status$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.status, 'buildId')), doc: doc('/projects/{projectId}/build_status', "Read a build's status", ['pipelineId', 'buildId']) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_detail$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.record, 'buildId')), doc: doc('/projects/{projectId}/build_detail', "Read a build's record (its Model with each element's state)", ['pipelineId', 'buildId']) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_histories$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.history)), doc: doc('/projects/{projectId}/build_histories', 'List the builds of a pipeline, a page at a time', ['pipelineId']), paged: true },
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_variables$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.variables, 'buildId')), doc: doc('/projects/{projectId}/build_variables', 'Read variables of a build', ['pipelineId', 'buildId']) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_manual_startup_info$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.manualStartupInfo)), doc: doc('/projects/{projectId}/build_manual_startup_info', 'Read the start form of a pipeline (its parameters)', ['pipelineId']) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_retry$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.retry, 'buildId')), doc: doc('/projects/{projectId}/build_retry', 'Retry a build, or one of its stages, jobs or steps', ['pipelineId', 'buildId']) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/manual_start_build_stage$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.manualStartStage, 'buildId', 'stageId')), doc: doc('/projects/{projectId}/manual_start_build_stage', 'Start a stage that waits for a manual start', ['pipelineId', 'buildId', 'stageId']) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/manual_review$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.manualReview, 'buildId', 'elementId')), doc: doc('/projects/{projectId}/manual_review', 'Review a manual review step', ['pipelineId', 'buildId', 'elementId']) },
];
