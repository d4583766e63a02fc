import { appPath, PIPELINE_FROM_TEMPLATE_CONTROLLER, PIPELINE_VERSION_CALLS, USER_PIPELINE, USER_PIPELINE_STATUS, USER_PIPELINES_CONTROLLER } from '@bkci/contracts';
import { doc, process, Query, requiredValue, rest, V4Route } from './v4-route';

const pipelines = (projectId: string) => appPath([USER_PIPELINES_CONTROLLER], { projectId });
const pipeline = (projectId: string, query: Query) => appPath([USER_PIPELINES_CONTROLLER, USER_PIPELINE], { projectId, pipelineId: requiredValue(query, 'pipelineId') });
/** A v4 `version/*` call that names the pipeline and version in its query, onto the user route `call`. */
const pipelineVersion = (projectId: string, query: Query, call: string) =>
  appPath([PIPELINE_FROM_TEMPLATE_CONTROLLER, call], { projectId, pipelineId: requiredValue(query, 'pipelineId'), version: requiredValue(query, 'version') });

/**
 * BK-CI ApigwPipelineResourceV4 (`pipelines/pipeline` CRUD with a Model, `pipeline_list`, `pipeline_status`) and the
 * parts of ApigwPipelineVersionResourceV4 that create and edit a pipeline as YAML (`save_draft` with
 * storageType YAML, then `release_version`) and read a version's Model and YAML (`get_version`) and the editor's detail (`pipeline_detail`),
 * served by the user routes of `process`.
 */
export const V4_PIPELINE_ROUTES: V4Route[] = [
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/pipelines\/pipeline$/,
    target: (p) => process(pipelines(p)),
    doc: doc('/projects/{projectId}/pipelines/pipeline', 'Create a pipeline from a Model'),
  },
  ...(
    [
      ['GET', 'Read a pipeline\'s Model'],
      ['PUT', 'Replace a pipeline\'s Model'],
      ['DELETE', 'Delete a pipeline'],
    ] as const
  ).map(([method, summary]) => ({
    method,
    path: /^\/projects\/([^/]+)\/pipelines\/pipeline$/,
    target: (p: string, q: Query) => process(pipeline(p, q)),
    doc: doc('/projects/{projectId}/pipelines/pipeline', summary, ['pipelineId']),
  })),
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/pipelines\/pipeline_list$/,
    target: (p, q) => process(`${pipelines(p)}${rest(q)}`),
    doc: doc('/projects/{projectId}/pipelines/pipeline_list', 'List the pipelines of a project, a page at a time'),
    paged: true,
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/pipelines\/pipeline_status$/,
    target: (p, q) => process(appPath([USER_PIPELINES_CONTROLLER, USER_PIPELINE_STATUS], { projectId: p, pipelineId: requiredValue(q, 'pipelineId') })),
    doc: doc('/projects/{projectId}/pipelines/pipeline_status', 'Read a pipeline with its latest build', ['pipelineId']),
  },
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/version\/save_draft$/,
    target: (p) => process(appPath([PIPELINE_FROM_TEMPLATE_CONTROLLER, PIPELINE_VERSION_CALLS.saveDraft], { projectId: p })),
    doc: doc('/projects/{projectId}/version/save_draft', 'Save a pipeline draft (a Model or YAML), creating the pipeline when no pipelineId is given'),
  },
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/version\/release_version$/,
    target: (p, q) => process(pipelineVersion(p, q, PIPELINE_VERSION_CALLS.releaseDraft)),
    doc: doc('/projects/{projectId}/version/release_version', 'Release a pipeline\'s draft as a new version', ['pipelineId', 'version']),
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/version\/get_version$/,
    target: (p, q) => process(pipelineVersion(p, q, PIPELINE_VERSION_CALLS.version)),
    doc: doc('/projects/{projectId}/version/get_version', 'Read one version of a pipeline as a Model and as YAML', ['pipelineId', 'version']),
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/version\/pipeline_detail$/,
    target: (p, q) => process(appPath([PIPELINE_FROM_TEMPLATE_CONTROLLER, PIPELINE_VERSION_CALLS.detail], { projectId: p, pipelineId: requiredValue(q, 'pipelineId') })),
    doc: doc('/projects/{projectId}/version/pipeline_detail', 'Read a pipeline\'s detail as the editor shows it', ['pipelineId']),
  },
];
