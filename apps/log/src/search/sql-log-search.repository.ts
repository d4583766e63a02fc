import { Injectable } from '@nestjs/common';
import { containsPattern, LIKE_ESCAPE } from '@bkci/persistence';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { LogBuildEntity } from '../entities/log-build.entity';
import { LogLineEntity } from '../entities/log-line.entity';
import { fulltextTerms } from './fulltext-terms';
import { LineFilter, LogSearchStore, SearchedBuild } from './log-search.store';
import type { LogLine } from '../log-line';
import { toLogLine } from '../reading/log-answers';

/** FTS5's trigram tokenizer indexes 3-character sequences: a shorter text cannot use it. */
const MIN_TRIGRAM_TEXT = 3;

/**
 * Search on the log tables. A text is narrowed with the store's index (MariaDB FULLTEXT, SQLite
 * FTS5 trigrams, both made by migration 1764300000003) and every candidate is confirmed with an
 * escaped LIKE on the message, which is what defines a match: case-insensitive (utf8mb4_unicode_ci
 * on MariaDB; ASCII letters on SQLite), `%` and `_` taken literally.
 */
@Injectable()
export class SqlLogSearchRepository extends LogSearchStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async build(buildId: string): Promise<SearchedBuild | null> {
    const row = await this.dataSource.manager.findOneBy(LogBuildEntity, { buildId });
    return row && searchedBuild(row);
  }

  async recentBuilds(projectId: string, pipelineId: string, limit: number): Promise<SearchedBuild[]> {
    const rows = await this.dataSource.manager.find(LogBuildEntity, {
      where: { projectId, pipelineId },
      order: { createdAt: 'DESC', buildId: 'DESC' },
      take: limit,
    });
    return rows.map(searchedBuild);
  }

  async countContaining(buildIds: string[], filter: LineFilter, text: string): Promise<Map<string, number>> {
    if (buildIds.length === 0) return new Map();
    const count = async (indexed: boolean) => {
      const query = this.lines(filter).andWhere('line.buildId IN (:...buildIds)', { buildIds });
      const rows = await this.containing(query, text, indexed)
        .select('line.buildId', 'buildId')
        .addSelect('COUNT(*)', 'matches')
        .groupBy('line.buildId')
        .getRawMany<{ buildId: string; matches: string | number }>();
      return new Map(rows.map((row) => [row.buildId, Number(row.matches)]));
    };
    const counts = await count(true);
    return counts.size > 0 ? counts : count(false);
  }

  async linesContaining(buildId: string, filter: LineFilter, text: string, offset: number, limit: number): Promise<LogLine[]> {
    const page = (indexed: boolean) =>
      this.containing(this.lines(filter).andWhere('line.buildId = :buildId', { buildId }), text, indexed)
        .orderBy('line.lineNo', 'ASC')
        .skip(offset)
        .take(limit)
        .getMany();
    // Nothing through the index where the count (which fell back to LIKE) saw matches: LIKE alone.
    let rows = await page(true);
    if (rows.length === 0) rows = await page(false);
    return rows.map(toLogLine);
  }

  async linesAfter(buildId: string, filter: LineFilter, afterLineNo: number, limit: number): Promise<LogLine[]> {
    const rows = await this.lines(filter)
      .andWhere('line.buildId = :buildId AND line.lineNo > :afterLineNo', { buildId, afterLineNo })
      .orderBy('line.lineNo', 'ASC')
      .take(limit)
      .getMany();
    return rows.map(toLogLine);
  }

  async linesBefore(buildId: string, filter: LineFilter, lineNo: number, limit: number): Promise<LogLine[]> {
    const rows = await this.lines(filter)
      .andWhere('line.buildId = :buildId AND line.lineNo < :lineNo', { buildId, lineNo })
      .orderBy('line.lineNo', 'DESC')
      .take(limit)
      .getMany();
    return rows.reverse().map(toLogLine);
  }

  /** The lines the filter keeps (the build condition is the caller's). */
  private lines(filter: LineFilter): SelectQueryBuilder<LogLineEntity> {
    const query = this.dataSource.manager
      .createQueryBuilder(LogLineEntity, 'line')
      .where('line.executeCount = :executeCount', { executeCount: filter.executeCount });
    if (!filter.debug) query.andWhere('line.logType <> :debugType', { debugType: 'DEBUG' });
    if (filter.logType) query.andWhere('line.logType = :logType', { logType: filter.logType });
    if (filter.tag !== undefined) query.andWhere('line.tag = :tag', { tag: filter.tag });
    if (filter.subTag !== undefined) query.andWhere('line.subTag = :subTag', { subTag: filter.subTag });
    if (filter.containerHashId !== undefined) query.andWhere('line.containerHashId = :containerHashId', { containerHashId: filter.containerHashId });
    if (filter.stepId !== undefined) query.andWhere('line.stepId = :stepId', { stepId: filter.stepId });
    return query;
  }

  /** `text` in the message: the index narrows (when `indexed` and the text allows it), LIKE decides. */
  private containing(query: SelectQueryBuilder<LogLineEntity>, text: string, indexed: boolean): SelectQueryBuilder<LogLineEntity> {
    query.andWhere(`line.message LIKE :pattern ESCAPE '${LIKE_ESCAPE}'`, { pattern: containsPattern(text) });
    if (!indexed) return query;
    if (this.dataSource.options.type === 'better-sqlite3') {
      if ([...text].length < MIN_TRIGRAM_TEXT) return query;
      // One FTS5 phrase (its quotes doubled): with trigrams, the message contains it.
      return query.andWhere('line.rowid IN (SELECT rowid FROM log_lines_fts WHERE log_lines_fts MATCH :phrase)', {
        phrase: `"${text.replace(/"/g, '""')}"`,
      });
    }
    const terms = fulltextTerms(text);
    if (terms.length === 0) return query;
    return query.andWhere('MATCH(line.message) AGAINST (:terms IN BOOLEAN MODE)', { terms: terms.join(' ') });
  }
}

function searchedBuild(row: LogBuildEntity): SearchedBuild {
  return { buildId: row.buildId, projectId: row.projectId, pipelineId: row.pipelineId, cleaned: row.cleaned };
}
