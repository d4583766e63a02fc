import { Injectable } from '@nestjs/common';
import { Paging, resolvePaging, toPage } from '@bkci/core';
import type { LogLine } from '../log-line';
import { LogStatus } from '../log-line';
import { LogError, LogErrorCode } from '../log.errors';
import { DEFAULT_CONTEXT_LINES, DEFAULT_SEARCHED_BUILDS, LogMatch, LogSearchPage, LogSearchQueryDto, PipelineLogSearchQueryDto } from './dto/log-search.dto';
import { LineFilter, LogSearchStore, SearchedBuild } from './log-search.store';
import { RegexMatcher } from './regex-matcher';
import { compileSearchPattern } from './search-pattern';

/** Lines read per query when a regex is tried in JavaScript. */
const REGEX_SCAN_PAGE = 2000;
/**
 * What one regex search may read and spend: past either it answers what it found, `truncated`.
 * The pattern's shape is checked first (search-pattern.ts); the time is kept by RegexMatcher.
 */
const REGEX_MAX_LINES = 200_000;
const REGEX_MAX_MS = 3000;
/** Regex searches at once, each with its thread; more are answered 429. */
const MAX_REGEX_SEARCHES = 4;

/** A match on the requested page, before its context is read. */
interface Hit {
  build: SearchedBuild;
  line: LogLine;
}

/**
 * Search in build logs (BK-CI cannot: its index does not hold the message). Plain text is found
 * by the store; a regex is tried here on the filtered lines, page by page, within a budget.
 */
@Injectable()
export class LogSearchService {
  private regexSearches = 0;

  constructor(private readonly store: LogSearchStore) {}

  async searchBuild(projectId: string, pipelineId: string, buildId: string, query: LogSearchQueryDto): Promise<LogSearchPage> {
    const build = await this.store.build(buildId);
    // A build of another pipeline is not found here: the permission was checked on the path's pipeline.
    if (!build || build.projectId !== projectId || build.pipelineId !== pipelineId) {
      throw new LogError(LogErrorCode.BUILD_NOT_FOUND, `Build ${buildId} of pipeline ${pipelineId} has no log`);
    }
    return this.search([build], query);
  }

  async searchPipeline(projectId: string, pipelineId: string, query: PipelineLogSearchQueryDto): Promise<LogSearchPage> {
    const builds = await this.store.recentBuilds(projectId, pipelineId, query.builds ?? DEFAULT_SEARCHED_BUILDS);
    return this.search(builds, query);
  }

  private async search(builds: SearchedBuild[], query: LogSearchQueryDto): Promise<LogSearchPage> {
    const pattern = query.regex ? compileSearchPattern(query.q) : null;
    const paging = resolvePaging(query);
    const filter = lineFilter(query);
    const searchable = builds.filter((build) => !build.cleaned);
    const { hits, count, truncated } = pattern
      ? await this.regexHits(searchable, filter, pattern, paging)
      : await this.textHits(searchable, filter, query.q, paging);
    const context = query.context ?? DEFAULT_CONTEXT_LINES;
    const records: LogMatch[] = [];
    for (const { build, line } of hits) {
      const before = context > 0 ? await this.store.linesBefore(build.buildId, filter, line.lineNo, context) : [];
      const after = context > 0 ? await this.store.linesAfter(build.buildId, filter, line.lineNo, context) : [];
      records.push({ ...line, buildId: build.buildId, before, after });
    }
    const status = builds.length > 0 && searchable.length === 0 ? LogStatus.CLEAN : LogStatus.SUCCEED;
    return { ...toPage(records, count, paging), status, truncated };
  }

  /** Counts per build, then reads the page's matches from the builds it spans, newest build first. */
  private async textHits(builds: SearchedBuild[], filter: LineFilter, text: string, paging: Paging) {
    const counts = await this.store.countContaining(builds.map((build) => build.buildId), filter, text);
    const hits: Hit[] = [];
    let skip = paging.offset;
    for (const build of builds) {
      const matches = counts.get(build.buildId) ?? 0;
      if (skip >= matches) {
        skip -= matches;
        continue;
      }
      const lines = await this.store.linesContaining(build.buildId, filter, text, skip, paging.pageSize - hits.length);
      hits.push(...lines.map((line) => ({ build, line })));
      skip = 0;
      if (hits.length >= paging.pageSize) break;
    }
    const count = [...counts.values()].reduce((sum, matches) => sum + matches, 0);
    return { hits, count, truncated: false };
  }

  private async regexHits(builds: SearchedBuild[], filter: LineFilter, pattern: RegExp, paging: Paging) {
    if (this.regexSearches >= MAX_REGEX_SEARCHES) {
      throw new LogError(LogErrorCode.OVERLOADED, `${MAX_REGEX_SEARCHES} regex searches are running; retry in a few seconds or search plain text`);
    }
    this.regexSearches++;
    const matcher = new RegexMatcher(pattern);
    try {
      return await this.scan(builds, filter, matcher, paging);
    } finally {
      this.regexSearches--;
      await matcher.close();
    }
  }

  /** Reads every filtered line (within the budget), counting matches and keeping the page's. */
  private async scan(builds: SearchedBuild[], filter: LineFilter, matcher: RegexMatcher, paging: Paging) {
    const hits: Hit[] = [];
    const deadline = Date.now() + REGEX_MAX_MS;
    let count = 0;
    let read = 0;
    for (const build of builds) {
      let afterLineNo = 0;
      for (;;) {
        if (read >= REGEX_MAX_LINES || Date.now() >= deadline) return { hits, count, truncated: true };
        const lines = await this.store.linesAfter(build.buildId, filter, afterLineNo, REGEX_SCAN_PAGE);
        const matched = await matcher.match(lines.map((line) => line.message), deadline - Date.now());
        if (matched === null) return { hits, count, truncated: true };
        for (const index of matched) {
          if (count >= paging.offset && hits.length < paging.pageSize) hits.push({ build, line: lines[index] });
          count++;
        }
        read += lines.length;
        if (lines.length < REGEX_SCAN_PAGE) break;
        afterLineNo = lines[lines.length - 1].lineNo;
      }
    }
    return { hits, count, truncated: false };
  }
}

function lineFilter(query: LogSearchQueryDto): LineFilter {
  return {
    executeCount: query.executeCount ?? 1,
    debug: query.debug ?? false,
    logType: query.logType,
    tag: query.tag,
    subTag: query.subTag,
    containerHashId: query.jobId,
    stepId: query.stepId,
  };
}
