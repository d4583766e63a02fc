import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlLogRetentionRepository } from '../retention/sql-log-retention.repository';
import { esBuild } from './es-builds.repository';
import { EsLines } from './es-lines';

/**
 * Retention with the lines in Elasticsearch: a build's documents are deleted by query (BK-CI drops
 * whole daily indices instead; here builds are cleaned one by one, so a build that started on an
 * old index but is still recent keeps its log). Batches, statuses and the build row are SQL's.
 */
@Injectable()
export class EsLogRetentionRepository extends SqlLogRetentionRepository {
  constructor(
    private readonly sql: DataSource,
    private readonly es: EsLines,
  ) {
    super(sql);
  }

  override async deleteLines(buildId: string, limit: number): Promise<number> {
    const build = await esBuild(this.sql.manager, buildId);
    return build ? this.es.deleteLines(build.index, buildId, limit) : super.deleteLines(buildId, limit);
  }
}
