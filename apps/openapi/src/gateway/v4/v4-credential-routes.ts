import { appPath, USER_CREDENTIALS_CONTROLLER } from '@bkci/contracts';
import { doc, Query, required, rest, V4Route, V4Target } from './v4-route';

const credentials = (projectId: string) => appPath([USER_CREDENTIALS_CONTROLLER], { projectId });
const ticket = (path: string): V4Target => ({ app: 'ticket', path });

/** The v4 credential calls (support §1.9), served by the user resources of `ticket`. */
export const V4_CREDENTIAL_ROUTES: V4Route[] = [
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/credentials\/credential_list$/,
    target: (p, q) => ticket(`${credentials(p)}${rest(q)}`),
    doc: doc('/projects/{projectId}/credentials/credential_list', 'List the credentials of a project, a page at a time'),
    paged: true,
  },
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/credentials\/credential$/,
    target: (p) => ticket(credentials(p)),
    doc: doc('/projects/{projectId}/credentials/credential', 'Create a credential'),
  },
  ...(
    [
      ['GET', 'Read a credential (its secrets masked)'],
      ['PUT', 'Change a credential'],
      ['DELETE', 'Delete a credential'],
    ] as const
  ).map(([method, summary]) => ({
    method,
    path: /^\/projects\/([^/]+)\/credentials\/credential$/,
    target: (p: string, q: Query) => ticket(`${credentials(p)}/${required(q, 'credentialId')}`),
    doc: doc('/projects/{projectId}/credentials/credential', summary, ['credentialId']),
  })),
];
