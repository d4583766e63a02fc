import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LogBuildEntity } from '../entities/log-build.entity';
import type { LogLineEntity } from '../entities/log-line.entity';
import { SqlLogWriteRepository } from '../ingest/sql-log-write.repository';
import type { LogElasticsearchConfig } from '../log.config';
import { dailyIndex, EsLines } from './es-lines';

/**
 * The write path with the lines in Elasticsearch. Everything else stays in SQL, in the caller's
 * transaction under the build's lock (build row, batches, counters, statuses, the last line
 * number), as BK-CI keeps its indices and statuses in MySQL: numbering keeps its guarantees.
 * The lines are indexed before that transaction commits; if it then rolls back, their numbers
 * were not given out, the read stores never look past the committed last line number, and the
 * next batch to take those numbers overwrites the documents (same ids).
 */
@Injectable()
export class EsLogWriteRepository extends SqlLogWriteRepository {
  /** Indices this process created or found, so each is created once. */
  private readonly knownIndices = new Set<string>();

  constructor(
    private readonly es: EsLines,
    private readonly config: LogElasticsearchConfig,
  ) {
    super();
  }

  protected override async insertLines(lines: LogLineEntity[], manager: EntityManager): Promise<void> {
    const buildId = lines[0].buildId;
    const build = await manager.findOne(LogBuildEntity, { select: { buildId: true, indexName: true, lastLineNo: true }, where: { buildId } });
    let index = build?.indexName ?? null;
    if (index === null) {
      // Lines stored in SQL before the switch to Elasticsearch: the build's log stays there whole.
      if ((build?.lastLineNo ?? 0) > 0) return super.insertLines(lines, manager);
      // The first line picks the day's index, and the build keeps it (BK-CI's T_LOG_INDICES_V2).
      index = dailyIndex(this.config.indexPrefix, new Date());
      await manager.update(LogBuildEntity, { buildId }, { indexName: index });
    }
    if (!this.knownIndices.has(index)) {
      await this.es.createIndex(index, this.config);
      this.knownIndices.add(index);
    }
    await this.es.store(index, lines);
  }
}
