import { Injectable } from '@nestjs/common';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { LogBuildEntity } from '../entities/log-build.entity';
import { LogLineEntity } from '../entities/log-line.entity';
import { LogStatusEntity } from '../entities/log-status.entity';
import { LogSubTagEntity } from '../entities/log-sub-tag.entity';
import type { LogStorageMode } from '../log-line';
import { LineWindow, LogBuildState, LogFilter, LogReadStore } from './log-read.store';

/**
 * The read store on the log app's SQL tables. Lines are ordered by line number alone: numbers are
 * given out per build in the order lines arrive, which is the order BK-CI's (timestamp, lineNo)
 * sort gives, and it lets every window be a range scan of the primary key.
 */
@Injectable()
export class SqlLogReadRepository extends LogReadStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async build(buildId: string): Promise<LogBuildState | null> {
    const row = await this.dataSource.manager.findOneBy(LogBuildEntity, { buildId });
    if (!row) return null;
    const { projectId, pipelineId, lastLineNo, finished, cleaned } = row;
    return { buildId, projectId, pipelineId, lastLineNo, finished: !!finished, cleaned: !!cleaned };
  }

  lines(buildId: string, filter: LogFilter, window: LineWindow): Promise<LogLineEntity[]> {
    const query = this.dataSource.manager.createQueryBuilder(LogLineEntity, 'line').where('line.buildId = :buildId', { buildId });
    filtered(query, filter);
    if (window.from !== undefined) query.andWhere('line.lineNo >= :from', { from: window.from });
    if (window.to !== undefined) query.andWhere('line.lineNo <= :to', { to: window.to });
    return query.orderBy('line.lineNo', window.descending ? 'DESC' : 'ASC').limit(window.limit).getMany();
  }

  async statusFinished(buildId: string, filter: LogFilter): Promise<boolean> {
    const query = this.dataSource.manager
      .createQueryBuilder(LogStatusEntity, 'status')
      .where('status.buildId = :buildId', { buildId })
      .andWhere('status.executeCount = :executeCount', { executeCount: filter.executeCount });
    // The same precedence as BK-CI: a job's status is its row without tag; a step's is by its step id.
    if (filter.containerHashId) query.andWhere("status.containerHashId = :containerHashId AND status.tag = '' AND status.subTag = ''", { containerHashId: filter.containerHashId });
    else if (filter.jobId) query.andWhere("status.jobId = :jobId AND status.tag = '' AND status.subTag = ''", { jobId: filter.jobId });
    else if (filter.stepId) query.andWhere('status.stepId = :stepId AND status.subTag = :subTag', { stepId: filter.stepId, subTag: filter.subTag ?? '' });
    else query.andWhere('status.tag = :tag AND status.subTag = :subTag', { tag: filter.tag ?? '', subTag: filter.subTag ?? '' });
    const row = await query.getOne();
    return !!row?.finished;
  }

  async taskStatus(buildId: string, tag: string | undefined, executeCount: number): Promise<{ mode: LogStorageMode; finished: boolean } | null> {
    const row = await this.dataSource.manager.findOneBy(LogStatusEntity, tag === undefined ? { buildId, executeCount } : { buildId, tag, executeCount });
    return row ? { mode: row.mode, finished: !!row.finished } : null;
  }

  async subTags(buildId: string, tag: string): Promise<string[] | null> {
    const row = await this.dataSource.manager.findOneBy(LogSubTagEntity, { buildId, tag });
    return row?.subTags ?? null;
  }
}

function filtered(query: SelectQueryBuilder<LogLineEntity>, filter: LogFilter): void {
  query.andWhere('line.executeCount = :executeCount', { executeCount: filter.executeCount });
  if (filter.tag) query.andWhere('line.tag = :tag', { tag: filter.tag });
  if (filter.subTag) query.andWhere('line.subTag = :subTag', { subTag: filter.subTag });
  if (filter.containerHashId) query.andWhere('line.containerHashId = :containerHashId', { containerHashId: filter.containerHashId });
  if (filter.jobId) query.andWhere('line.jobId = :jobId', { jobId: filter.jobId });
  if (filter.stepId) query.andWhere('line.stepId = :stepId', { stepId: filter.stepId });
  if (filter.logType) query.andWhere('line.logType = :logType', { logType: filter.logType });
  if (!filter.debug) query.andWhere("line.logType <> 'DEBUG'");
}
