import type { LogLine, LogType } from '../log-line';

/** A build's log as search needs it: where it belongs and whether retention cleaned it. */
export interface SearchedBuild {
  buildId: string;
  projectId: string;
  pipelineId: string;
  cleaned: boolean;
}

/** The same line filters as the read API; absent ones match every line. DEBUG lines only with `debug`. */
export interface LineFilter {
  executeCount: number;
  debug: boolean;
  tag?: string;
  subTag?: string;
  containerHashId?: string;
  stepId?: string;
  logType?: LogType;
}

/**
 * The storage operations of log search, so that an Elasticsearch adapter can replace the SQL one.
 * `text` is matched as a case-insensitive substring of the message.
 */
export abstract class LogSearchStore {
  abstract build(buildId: string): Promise<SearchedBuild | null>;
  /** The pipeline's last `limit` builds with a log, newest first (cleaned ones included). */
  abstract recentBuilds(projectId: string, pipelineId: string, limit: number): Promise<SearchedBuild[]>;
  /** How many lines of each build contain `text` (builds without any are absent). */
  abstract countContaining(buildIds: string[], filter: LineFilter, text: string): Promise<Map<string, number>>;
  /** Lines of one build containing `text`, by line number, `offset` matches skipped. */
  abstract linesContaining(buildId: string, filter: LineFilter, text: string, offset: number, limit: number): Promise<LogLine[]>;
  /** Up to `limit` lines of one build after line `afterLineNo`, by line number: what a regex is tried on. */
  abstract linesAfter(buildId: string, filter: LineFilter, afterLineNo: number, limit: number): Promise<LogLine[]>;
  /** Up to `limit` lines before line `lineNo`, by line number (the closest ones). */
  abstract linesBefore(buildId: string, filter: LineFilter, lineNo: number, limit: number): Promise<LogLine[]>;
}
