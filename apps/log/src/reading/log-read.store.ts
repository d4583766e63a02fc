import type { LogStorageMode, LogType } from '../log-line';
import type { LogLineEntity } from '../entities/log-line.entity';

/** Which lines of a build a read asks for (BK-CI's query parameters, '' and absent alike meaning "any"). */
export interface LogFilter {
  tag?: string;
  subTag?: string;
  /** BK-CI's `jobId` query parameter: the job's container hash id. */
  containerHashId?: string;
  /** The user's job id from the YAML (service callers only). */
  jobId?: string;
  stepId?: string;
  logType?: LogType;
  /** DEBUG lines are left out unless this is true. */
  debug: boolean;
  /** The run of the build; BK-CI reads run 1 when none is named. */
  executeCount: number;
}

/** A window of line numbers, both ends included, read in ascending or descending order. */
export interface LineWindow {
  from?: number;
  to?: number;
  descending?: boolean;
  limit: number;
}

/** What the read path needs to know of a build's log as a whole. */
export interface LogBuildState {
  buildId: string;
  projectId: string;
  pipelineId: string;
  lastLineNo: number;
  finished: boolean;
  cleaned: boolean;
}

/**
 * The read side of log storage. SQL today (SqlLogReadRepository); an Elasticsearch adapter can
 * take its place without the service changing.
 */
export abstract class LogReadStore {
  abstract build(buildId: string): Promise<LogBuildState | null>;

  /** The lines matching `filter` inside `window`, in the window's order. */
  abstract lines(buildId: string, filter: LogFilter, window: LineWindow): Promise<LogLineEntity[]>;

  /** Whether the part of the log `filter` names is marked finished (BK-CI's LogStatusDao.isFinish). */
  abstract statusFinished(buildId: string, filter: LogFilter): Promise<boolean>;

  /** The storage mode and finished flag of one task's log, or null when it never reported a status. */
  abstract taskStatus(buildId: string, tag: string | undefined, executeCount: number): Promise<{ mode: LogStorageMode; finished: boolean } | null>;

  /** The sub-tags a task's lines used, or null when it has none recorded. */
  abstract subTags(buildId: string, tag: string): Promise<string[] | null>;
}
