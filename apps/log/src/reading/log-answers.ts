import type { LogLineEntity } from '../entities/log-line.entity';
import { LogLine, LogStatus, LogStorageMode } from '../log-line';

/** BK-CI's read path gives every line this priority (Constants.DEFAULT_PRIORITY_NOT_DELETED). */
const LINE_PRIORITY = 40;

/** BK-CI's message for LOG_INDEX_HAS_BEEN_CLEANED (2108008). */
export const CLEANED_MESSAGE = 'The logs have expired and been cleared, not available for viewing.';

/** BK-CI's QueryLogs. */
export interface QueryLogs {
  buildId: string;
  finished: boolean;
  hasMore: boolean;
  logs: LogLine[];
  timeUsed: number;
  status: LogStatus;
  subTags: string[] | null;
  message: string | null;
}

/** BK-CI's QueryLogsText (the `latest` and `middle` answers): the messages joined with newlines. */
export interface QueryLogsText {
  buildId: string;
  finished: boolean;
  hasMore: boolean;
  startLineNo: number;
  endLineNo: number;
  content: string;
  timeUsed: number;
  status: LogStatus;
  message: string | null;
}

/** BK-CI's QueryLogStatus. */
export interface QueryLogStatus {
  buildId: string;
  finished: boolean;
  logMode: LogStorageMode;
}

/** BK-CI's QueryLogLineNum. */
export interface QueryLogLineNum {
  buildId: string;
  finished: boolean;
  lastLineNum: number;
}

export function toLogLine(row: LogLineEntity): LogLine {
  return {
    lineNo: row.lineNo,
    timestamp: row.timestamp,
    message: row.message,
    priority: LINE_PRIORITY,
    tag: row.tag,
    subTag: row.subTag,
    jobId: row.jobId,
    containerHashId: row.containerHashId,
    stepId: row.stepId,
    executeCount: row.executeCount,
  };
}

export function asText(logs: QueryLogs): QueryLogsText {
  const { buildId, finished, hasMore, timeUsed, status, message } = logs;
  return {
    buildId,
    finished,
    hasMore,
    startLineNo: logs.logs[0]?.lineNo ?? 0,
    endLineNo: logs.logs.at(-1)?.lineNo ?? 0,
    content: logs.logs.map((line) => line.message).join('\n'),
    timeUsed,
    status,
    message,
  };
}
