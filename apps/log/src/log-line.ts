/** BK-CI's LogType: the level a line was printed at (`##[error]` and friends on the agent). */
export const LOG_TYPES = ['LOG', 'WARN', 'ERROR', 'DEBUG'] as const;
export type LogType = (typeof LOG_TYPES)[number];

/** BK-CI's LogStorageMode: UPLOAD (sent here), LOCAL (kept on the agent past the limit), ARCHIVED. */
export const LOG_STORAGE_MODES = ['UPLOAD', 'LOCAL', 'ARCHIVED'] as const;
export type LogStorageMode = (typeof LOG_STORAGE_MODES)[number];

/** BK-CI's LogStatus, the `status` of every read answer. */
export enum LogStatus {
  SUCCEED = 0,
  EMPTY = 1,
  CLEAN = 2,
  CLOSED = 3,
  FAIL = 999,
}

/** A stored line as BK-CI returns it (LogLine); `priority` is BK-CI's byte for the log type. */
export interface LogLine {
  lineNo: number;
  timestamp: number;
  message: string;
  priority: number;
  tag: string;
  subTag: string;
  jobId: string;
  containerHashId: string;
  stepId: string;
  executeCount: number;
}
