import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LogLineEntity } from '../entities/log-line.entity';
import { LineFilter } from '../search/log-search.store';
import { SqlLogSearchRepository } from '../search/sql-log-search.repository';
import { buildsByStore, esBuild } from './es-builds.repository';
import { searchQuery } from './es-line-query';
import { EsBuild, EsLines } from './es-lines';
import type { LogLine } from '../log-line';
import { toLogLine } from '../reading/log-answers';

/** The message analyzer's gram length: a shorter text has no gram to look up. */
const GRAM = 3;
/** Lines read per request when a short text is looked for line by line. */
const SCAN_PAGE = 5000;

/**
 * Search with the lines in Elasticsearch (builds and their state from SQL). A text of three
 * characters or more is a match_phrase on the message's trigrams, which is exactly a
 * case-insensitive substring match, so counts come from the cluster. A shorter text cannot use the
 * grams: the build's filtered lines are read page by page and tried here, as SQL does with LIKE.
 */
@Injectable()
export class EsLogSearchRepository extends SqlLogSearchRepository {
  constructor(
    private readonly sql: DataSource,
    private readonly es: EsLines,
  ) {
    super(sql);
  }

  override async countContaining(buildIds: string[], filter: LineFilter, text: string): Promise<Map<string, number>> {
    const { es, sql } = await buildsByStore(this.sql.manager, buildIds);
    const counts = await super.countContaining(sql, filter, text);
    if (indexable(text)) {
      for (const [buildId, count] of await this.es.count(es, searchQuery(filter, [phrase(text)]))) counts.set(buildId, count);
      return counts;
    }
    for (const build of es) {
      let count = 0;
      await this.scan(build, filter, text, () => {
        count++;
        return true;
      });
      if (count > 0) counts.set(build.buildId, count);
    }
    return counts;
  }

  override async linesContaining(buildId: string, filter: LineFilter, text: string, offset: number, limit: number): Promise<LogLine[]> {
    const build = await esBuild(this.sql.manager, buildId);
    if (!build) return super.linesContaining(buildId, filter, text, offset, limit);
    if (indexable(text)) return (await this.es.find(build, searchQuery(filter, [phrase(text)]), 'asc', limit, offset)).map(toLogLine);
    const found: LogLine[] = [];
    let skip = offset;
    await this.scan(build, filter, text, (line) => {
      if (skip > 0) skip--;
      else found.push(toLogLine(line));
      return found.length < limit;
    });
    return found;
  }

  override async linesAfter(buildId: string, filter: LineFilter, afterLineNo: number, limit: number): Promise<LogLine[]> {
    const build = await esBuild(this.sql.manager, buildId);
    if (!build) return super.linesAfter(buildId, filter, afterLineNo, limit);
    return (await this.es.find(build, searchQuery(filter, [{ range: { lineNo: { gt: afterLineNo } } }]), 'asc', limit)).map(toLogLine);
  }

  override async linesBefore(buildId: string, filter: LineFilter, lineNo: number, limit: number): Promise<LogLine[]> {
    const build = await esBuild(this.sql.manager, buildId);
    if (!build) return super.linesBefore(buildId, filter, lineNo, limit);
    return (await this.es.find(build, searchQuery(filter, [{ range: { lineNo: { lt: lineNo } } }]), 'desc', limit)).reverse().map(toLogLine);
  }

  /** Calls `onMatch` with each filtered line containing `text` (any case), in order, while it answers true. */
  private async scan(build: EsBuild, filter: LineFilter, text: string, onMatch: (line: LogLineEntity) => boolean): Promise<void> {
    const needle = text.toLowerCase();
    let afterLineNo = 0;
    for (;;) {
      const page = await this.es.find(build, searchQuery(filter, [{ range: { lineNo: { gt: afterLineNo } } }]), 'asc', SCAN_PAGE);
      for (const line of page) if (line.message.toLowerCase().includes(needle) && !onMatch(line)) return;
      if (page.length < SCAN_PAGE) return;
      afterLineNo = page[page.length - 1].lineNo;
    }
  }
}

function indexable(text: string): boolean {
  return [...text].length >= GRAM;
}

function phrase(text: string) {
  return { match_phrase: { message: { query: text } } };
}
