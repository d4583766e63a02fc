import type { LogFilter } from '../reading/log-read.store';
import type { LineFilter } from '../search/log-search.store';
import type { EsQuery, LineQuery } from './es-lines';

const term = (field: string, value: string | number): EsQuery => ({ term: { [field]: value } });

/** The read API's filters, as SqlLogReadRepository applies them ('' and absent alike mean "any"). */
export function readQuery(filter: LogFilter, range: { gte?: number; lte?: number } = {}): LineQuery {
  const query: LineQuery = { filter: [term('executeCount', filter.executeCount)], mustNot: [] };
  const fields = { tag: filter.tag, subTag: filter.subTag, containerHashId: filter.containerHashId, jobId: filter.jobId, stepId: filter.stepId, logType: filter.logType };
  for (const [field, value] of Object.entries(fields)) if (value) query.filter.push(term(field, value));
  if (!filter.debug) query.mustNot.push(term('logType', 'DEBUG'));
  if (range.gte !== undefined || range.lte !== undefined) query.filter.push({ range: { lineNo: range } });
  return query;
}

/** The search API's filters, as SqlLogSearchRepository applies them (a given '' matches ''). */
export function searchQuery(filter: LineFilter, extra: EsQuery[] = []): LineQuery {
  const query: LineQuery = { filter: [term('executeCount', filter.executeCount), ...extra], mustNot: [] };
  const fields = { tag: filter.tag, subTag: filter.subTag, containerHashId: filter.containerHashId, stepId: filter.stepId, logType: filter.logType };
  for (const [field, value] of Object.entries(fields)) if (value !== undefined) query.filter.push(term(field, value));
  if (!filter.debug) query.mustNot.push(term('logType', 'DEBUG'));
  return query;
}
