import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LogLineEntity } from '../entities/log-line.entity';
import { LineWindow, LogFilter } from '../reading/log-read.store';
import { SqlLogReadRepository } from '../reading/sql-log-read.repository';
import { esBuild } from './es-builds.repository';
import { readQuery } from './es-line-query';
import { EsLines } from './es-lines';

/** The read store with the lines in Elasticsearch; build state, statuses and sub-tags come from SQL. */
@Injectable()
export class EsLogReadRepository extends SqlLogReadRepository {
  constructor(
    private readonly sql: DataSource,
    private readonly es: EsLines,
  ) {
    super(sql);
  }

  override async lines(buildId: string, filter: LogFilter, window: LineWindow): Promise<LogLineEntity[]> {
    const build = await esBuild(this.sql.manager, buildId);
    if (!build) return super.lines(buildId, filter, window);
    return this.es.find(build, readQuery(filter, { gte: window.from, lte: window.to }), window.descending ? 'desc' : 'asc', window.limit);
  }
}
