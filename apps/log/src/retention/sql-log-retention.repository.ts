import { Injectable } from '@nestjs/common';
import { DataSource, LessThan, LessThanOrEqual } from 'typeorm';
import { LogBatchEntity } from '../entities/log-batch.entity';
import { LogBuildEntity } from '../entities/log-build.entity';
import { LogLineEntity } from '../entities/log-line.entity';
import { LogStatusEntity } from '../entities/log-status.entity';
import { LogSubTagEntity } from '../entities/log-sub-tag.entity';
import { LogRetentionStore } from './log-retention.store';

/** Retention on the log tables. */
@Injectable()
export class SqlLogRetentionRepository extends LogRetentionStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async expiredBuilds(before: Date, limit: number): Promise<string[]> {
    const rows = await this.dataSource.manager.find(LogBuildEntity, {
      select: { buildId: true },
      where: { createdAt: LessThan(before), cleaned: false },
      order: { createdAt: 'ASC', buildId: 'ASC' },
      take: limit,
    });
    return rows.map((row) => row.buildId);
  }

  /**
   * By line-number range, so each statement is a short transaction however long the log is. The
   * range's end is read first: DELETE … LIMIT is not portable (SQLite lacks it by default, and
   * MariaDB refuses LIMIT in an IN subquery).
   */
  async deleteLines(buildId: string, limit: number): Promise<number> {
    const manager = this.dataSource.manager;
    const last = await manager.find(LogLineEntity, { select: { lineNo: true }, where: { buildId }, order: { lineNo: 'ASC' }, skip: limit - 1, take: 1 });
    const where = last.length > 0 ? { buildId, lineNo: LessThanOrEqual(last[0].lineNo) } : { buildId };
    const result = await manager.delete(LogLineEntity, where);
    return result.affected ?? 0;
  }

  async markCleaned(buildId: string, now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.delete(LogBatchEntity, { buildId });
      await manager.delete(LogStatusEntity, { buildId });
      await manager.delete(LogSubTagEntity, { buildId });
      await manager.update(LogBuildEntity, { buildId }, { cleaned: true, updatedAt: now });
    });
  }
}
