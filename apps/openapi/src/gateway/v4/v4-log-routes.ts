import { appPath, USER_LOG_READS, USER_LOGS_CONTROLLER } from '@bkci/contracts';
import { doc, Query, requiredValue, V4Route, V4Target } from './v4-route';

/** v4 names the container hash id `containerHashId` and the YAML job id `jobId`; the user routes, as BK-CI's, `jobId` and `userJobId`. */
const V4_LOG_QUERY_NAMES: Record<string, string> = { containerHashId: 'jobId', jobId: 'userJobId' };

/** A v4 `logs/*` call onto log's user route `read` of the build named by `pipelineId` and `buildId`. */
function logs(projectId: string, query: Query, read: string): V4Target {
  const base = appPath([USER_LOGS_CONTROLLER], { projectId, pipelineId: requiredValue(query, 'pipelineId'), buildId: requiredValue(query, 'buildId') });
  const renamed = new URLSearchParams(
    [...query].filter(([name]) => name !== 'pipelineId' && name !== 'buildId').map(([name, value]): [string, string] => [V4_LOG_QUERY_NAMES[name] ?? name, value]),
  );
  const text = renamed.toString();
  return { app: 'log', path: `${base}/${read}${text === '' ? '' : `?${text}`}` };
}

/** The v4 log calls (support §4.7) and the user route of log each is served by. */
const V4_LOG_READS: Record<string, [read: string, summary: string]> = {
  init_logs: [USER_LOG_READS.init, 'Read the first lines of a build\'s log'],
  more_logs: [USER_LOG_READS.more, 'Read more lines of a build\'s log'],
  after_line_logs: [USER_LOG_READS.after, 'Read the lines of a build\'s log after a line number'],
  download_logs: [USER_LOG_READS.download, 'Download a build\'s log as text'],
  log_mode: [USER_LOG_READS.mode, 'Read how a step\'s log is stored'],
  last_line_num: [USER_LOG_READS.lastLineNum, 'Read the number of the last line of a build\'s log'],
};

/** The v4 log calls, one route per read in V4_LOG_READS. */
export const V4_LOG_ROUTES: V4Route[] = Object.entries(V4_LOG_READS).map(([call, [read, summary]]) => ({
  method: 'GET',
  path: new RegExp(`^/projects/([^/]+)/logs/${call}$`),
  target: (p: string, q: Query) => logs(p, q, read),
  doc: doc(`/projects/{projectId}/logs/${call}`, summary, ['pipelineId', 'buildId'], V4_LOG_QUERY_NAMES),
}));
