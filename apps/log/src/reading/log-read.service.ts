import { Injectable } from '@nestjs/common';
import type { LogLineEntity } from '../entities/log-line.entity';
import { LogStatus } from '../log-line';
import { LogError, LogErrorCode } from '../log.errors';
import {
  AfterLogsQueryDto,
  DownloadLogsQueryDto,
  InitLogsQueryDto,
  LatestLogsQueryDto,
  LogModeQueryDto,
  MAX_LINES_PER_READ,
  MiddleLogsQueryDto,
  MoreLogsQueryDto,
  ServiceLogFilterQueryDto,
} from './dto/log-query.dto';
import { downloadFileName } from './log-download';
import { asText, CLEANED_MESSAGE, QueryLogLineNum, QueryLogs, QueryLogStatus, QueryLogsText, toLogLine } from './log-answers';
import { LineWindow, LogBuildState, LogFilter, LogReadStore } from './log-read.store';

/** The build a read names by its path: a build of another project or pipeline is read as unknown. */
export interface LogScope {
  projectId: string;
  pipelineId: string;
  buildId: string;
}

/** The build a route's path names. */
export const logScope = (projectId: string, pipelineId: string, buildId: string): LogScope => ({ projectId, pipelineId, buildId });

/** Lines per query when a download walks a whole log. */
const DOWNLOAD_PAGE = 5000;
/** BK-CI's defaults for `more` and `latest`. */
const DEFAULT_NUM = 100;

/** A read query's filters as the store takes them. */
export function logFilter(query: ServiceLogFilterQueryDto): LogFilter {
  return {
    tag: query.tag,
    subTag: query.subTag,
    containerHashId: query.jobId,
    jobId: query.userJobId,
    stepId: query.stepId,
    logType: query.logType,
    debug: query.debug ?? false,
    executeCount: query.executeCount ?? 1,
  };
}

/** BK-CI's BuildLogQueryService over the read store: the same answers, statuses and limits. */
@Injectable()
export class LogReadService {
  constructor(private readonly store: LogReadStore) {}

  /** The build's log state, or null when it has no log here or the path names another project or pipeline. */
  async buildIn(scope: LogScope): Promise<LogBuildState | null> {
    const build = await this.store.build(scope.buildId);
    return build && build.projectId === scope.projectId && build.pipelineId === scope.pipelineId ? build : null;
  }

  /** The first lines (at most 10,000), with hasMore and the task's sub-tags; with `reverse`, the last ones, last first. */
  async init(scope: LogScope, query: InitLogsQueryDto): Promise<QueryLogs> {
    const answer = await this.read(scope, query, { limit: MAX_LINES_PER_READ, descending: query.reverse === true });
    if (query.reverse) answer.logs.reverse();
    return answer;
  }

  /** At most `num` lines between `start` and `end`, taken from the start or from the end. */
  more(scope: LogScope, query: MoreLogsQueryDto): Promise<QueryLogs> {
    const descending = query.fromStart === false;
    return this.read(scope, query, { from: query.start, to: query.end, limit: query.num ?? DEFAULT_NUM, descending }, false);
  }

  /** What the console polls: up to 10,000 lines from `start` on. */
  after(scope: LogScope, query: AfterLogsQueryDto): Promise<QueryLogs> {
    return this.read(scope, query, { from: query.start, limit: MAX_LINES_PER_READ });
  }

  /** The last `size` lines as text. */
  async latest(scope: LogScope, query: LatestLogsQueryDto): Promise<QueryLogsText> {
    return asText(await this.read(scope, query, { limit: query.size ?? DEFAULT_NUM, descending: true }));
  }

  /** Every line between `start` and `end` (at most 10,000 of them) as text. */
  async middle(scope: LogScope, query: MiddleLogsQueryDto): Promise<QueryLogsText> {
    const { start, end } = query;
    if (start < 1 || end < 1) throw new LogError(LogErrorCode.INVALID_INPUT, 'Invalid line number: start and end must be greater than 0');
    if (start > end) throw new LogError(LogErrorCode.INVALID_INPUT, `Invalid line number range: start(${start}) must be less than or equal to end(${end})`);
    if (end - start + 1 > MAX_LINES_PER_READ) {
      throw new LogError(LogErrorCode.INVALID_INPUT, `The line number range size(${end - start + 1}) exceeds the maximum limit (${MAX_LINES_PER_READ}), please reduce the range between start and end`);
    }
    return asText(await this.read(scope, query, { from: start, to: end, limit: end - start + 1 }, false));
  }

  /** A task's storage mode (UPLOAD when it never reported one), as BK-CI's LogStatusService. */
  async mode(scope: LogScope, query: LogModeQueryDto): Promise<QueryLogStatus> {
    const build = await this.buildIn(scope);
    const status = build ? await this.store.taskStatus(build.buildId, query.tag, query.executeCount ?? 1) : null;
    return { buildId: scope.buildId, finished: status?.finished ?? false, logMode: status?.mode ?? 'UPLOAD' };
  }

  async lastLineNum(scope: LogScope): Promise<QueryLogLineNum> {
    const build = await this.buildIn(scope);
    return { buildId: scope.buildId, finished: build?.finished ?? false, lastLineNum: build?.lastLineNo ?? 0 };
  }

  /**
   * The build a download reads, checked before anything is sent: BK-CI answers 404 when the log is
   * not there to read (never stored, or cleaned).
   */
  /** The log as a file: its name and its lines page by page, once the build is known to have one (else 404). */
  async download(scope: LogScope, query: DownloadLogsQueryDto): Promise<{ fileName: string; pages: AsyncIterable<LogLineEntity[]> }> {
    const build = await this.downloadable(scope);
    return { fileName: downloadFileName(scope.pipelineId, scope.buildId, query.fileName), pages: this.downloadPages(build, query) };
  }

  async downloadable(scope: LogScope): Promise<LogBuildState> {
    const build = await this.buildIn(scope);
    if (!build) throw new LogError(LogErrorCode.BUILD_NOT_FOUND, `Build ${scope.buildId} of pipeline ${scope.pipelineId} has no log in project ${scope.projectId}`);
    if (build.cleaned) throw new LogError(LogErrorCode.BUILD_NOT_FOUND, CLEANED_MESSAGE);
    return build;
  }

  /**
   * A download's lines page by page (keyset on the line number), so a log of any length is read
   * with one page in memory. Debug lines are left out, as BK-CI's download does.
   */
  async *downloadPages(build: LogBuildState, query: DownloadLogsQueryDto): AsyncGenerator<LogLineEntity[]> {
    const filter = logFilter({ ...query, debug: false, logType: undefined });
    let from = 1;
    for (;;) {
      const page = await this.store.lines(build.buildId, filter, { from, limit: DOWNLOAD_PAGE });
      if (page.length > 0) yield page;
      if (page.length < DOWNLOAD_PAGE) return;
      from = page[page.length - 1].lineNo + 1;
    }
  }

  /**
   * One read: BK-CI's QueryLogs with EMPTY for a build that has no log here, CLEAN for one whose
   * lines retention removed. `hasMore` is whether the window held more lines than the limit (one
   * more is fetched to know); `more` and `middle` leave it false, as BK-CI does.
   */
  private async read(scope: LogScope, query: ServiceLogFilterQueryDto, window: LineWindow, countMore = true): Promise<QueryLogs> {
    const started = Date.now();
    const filter = logFilter(query);
    const answer: QueryLogs = { buildId: scope.buildId, finished: false, hasMore: false, logs: [], timeUsed: 0, status: LogStatus.SUCCEED, subTags: null, message: null };
    const build = await this.buildIn(scope);
    if (!build) return { ...answer, status: LogStatus.EMPTY, timeUsed: Date.now() - started };
    answer.finished = build.finished || (await this.store.statusFinished(build.buildId, filter));
    if (filter.tag) answer.subTags = await this.store.subTags(build.buildId, filter.tag);
    if (build.cleaned) return { ...answer, status: LogStatus.CLEAN, message: CLEANED_MESSAGE, timeUsed: Date.now() - started };
    const rows = await this.store.lines(build.buildId, filter, { ...window, limit: window.limit + (countMore ? 1 : 0) });
    answer.hasMore = rows.length > window.limit;
    const kept = answer.hasMore ? rows.slice(0, window.limit) : rows;
    if (window.descending) kept.reverse();
    answer.logs = kept.map(toLogLine);
    answer.timeUsed = Date.now() - started;
    return answer;
  }
}
