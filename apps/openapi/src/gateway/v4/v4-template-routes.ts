import {
  appPath,
  CREATE_PIPELINE_WITH_TEMPLATE,
  PIPELINE_FROM_TEMPLATE_CONTROLLER,
  STORE_INSTALL_INTO_PROJECTS,
  STORE_INSTALL_INTO_PROJECTS_DESCRIBED,
  TEMPLATE_STORE_CONTROLLER,
  V1_INSTANCES_CONTROLLER,
  V1_TEMPLATES_CONTROLLER,
} from '@bkci/contracts';
import { doc, process, Query, required, requiredValue, rest, V4Route } from './v4-route';

/** Calls that name no project: the store install names its target projects in the body. */
export const MARKET_INSTALLS: V4Route[] = [
  {
    method: 'POST',
    path: /^\/market\/template_install_from_store$/,
    target: () => process(appPath([TEMPLATE_STORE_CONTROLLER, STORE_INSTALL_INTO_PROJECTS])),
    doc: doc('/market/template_install_from_store', 'Install a store template into projects'),
  },
  {
    method: 'POST',
    path: /^\/market\/template_install_from_store_new$/,
    target: () => process(appPath([TEMPLATE_STORE_CONTROLLER, STORE_INSTALL_INTO_PROJECTS_DESCRIBED])),
    doc: doc('/market/template_install_from_store_new', 'Install a store template into projects, answering per project'),
  },
];

const templates = (projectId: string) => appPath([V1_TEMPLATES_CONTROLLER], { projectId });
const instances = (projectId: string, templateId: string) => appPath([V1_INSTANCES_CONTROLLER], { projectId, templateId });

/**
 * The v4 template and instance calls (reference §4.5), served as BK-CI serves them by the V1
 * resources of `process`, and a pipeline from a template, served by its pipeline version route.
 */
export const V4_TEMPLATE_ROUTES: V4Route[] = [
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/templates\/?$/,
    target: (p, q) => process(`${templates(p)}${rest(q)}`),
    doc: doc('/projects/{projectId}/templates', 'List the templates of a project'),
    paged: true,
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/templates\/all_templates$/,
    target: (p, q) => process(`${templates(p)}${rest(q)}`),
    doc: doc('/projects/{projectId}/templates/all_templates', 'List the templates of a project (BK-CI\'s second spelling)'),
    paged: true,
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/templates\/template_detail$/,
    target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}${rest(q, 'templateId')}`),
    doc: doc('/projects/{projectId}/templates/template_detail', 'Read a template at a version', ['templateId']),
  },
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/templates\/?$/,
    target: (p) => process(templates(p)),
    doc: doc('/projects/{projectId}/templates', 'Create a template from a Model'),
  },
  {
    method: 'PUT',
    path: /^\/projects\/([^/]+)\/templates\/?$/,
    target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}${rest(q, 'templateId')}`),
    doc: doc('/projects/{projectId}/templates', 'Save a new version of a template', ['templateId']),
  },
  {
    method: 'DELETE',
    path: /^\/projects\/([^/]+)\/templates\/?$/,
    target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}`),
    doc: doc('/projects/{projectId}/templates', 'Delete a template', ['templateId']),
  },
  {
    method: 'DELETE',
    path: /^\/projects\/([^/]+)\/templates\/template_version$/,
    target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}/versions/${required(q, 'version')}`),
    doc: doc('/projects/{projectId}/templates/template_version', 'Delete one version of a template', ['templateId', 'version']),
  },
  ...(
    [
      ['POST', 'Create pipelines from a template'],
      ['PUT', 'Update pipelines made from a template to a version'],
      ['GET', 'List the pipelines made from a template'],
    ] as const
  ).map(([method, summary]) => ({
    method,
    path: /^\/projects\/([^/]+)\/templates\/templateInstances\/?$/,
    target: (p: string, q: Query) => process(`${instances(p, requiredValue(q, 'templateId'))}${rest(q, 'templateId')}`),
    doc: doc('/projects/{projectId}/templates/templateInstances', summary, ['templateId']),
    paged: method === 'GET',
  })),
  {
    method: 'PUT',
    path: /^\/projects\/([^/]+)\/templates\/templateInstances\/update$/,
    target: (p, q) => {
      required(q, 'versionName');
      return process(`${instances(p, requiredValue(q, 'templateId'))}${rest(q, 'templateId')}`);
    },
    doc: doc('/projects/{projectId}/templates/templateInstances/update', 'Update pipelines made from a template to the release named versionName', ['templateId', 'versionName']),
  },
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/version\/create_with_template$/,
    target: (p) => process(appPath([PIPELINE_FROM_TEMPLATE_CONTROLLER, CREATE_PIPELINE_WITH_TEMPLATE], { projectId: p })),
    doc: doc('/projects/{projectId}/version/create_with_template', 'Create a pipeline from a template'),
  },
];
