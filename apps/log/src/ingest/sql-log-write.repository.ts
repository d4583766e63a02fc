import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { LogBatchEntity } from '../entities/log-batch.entity';
import { LogBuildEntity } from '../entities/log-build.entity';
import { LogLineEntity } from '../entities/log-line.entity';
import { LogStatusEntity } from '../entities/log-status.entity';
import { LogSubTagEntity } from '../entities/log-sub-tag.entity';
import type { LogStorageMode } from '../log-line';
import { LogTaskLinesEntity } from './entities/log-task-lines.entity';
import { LogWriteStore, StatusWrite, StoredBatch, TaskKey, TaskLineCount } from './log-write.store';

/** Rows per INSERT: well under SQLite's bound-parameter limit with 11 columns a line. */
const INSERT_CHUNK = 200;

/** The write path on the SQL tables (SQLite and MariaDB alike). */
@Injectable()
export class SqlLogWriteRepository extends LogWriteStore {
  async findBatch(buildId: string, batchKey: string, manager: EntityManager): Promise<StoredBatch | null> {
    const row = await manager.findOneBy(LogBatchEntity, { buildId, batchKey });
    return row ? { firstLineNo: row.firstLineNo, lineCount: row.lineCount } : null;
  }

  limitsReachedBy(buildId: string, batchKey: string, manager: EntityManager): Promise<number> {
    return manager.countBy(LogTaskLinesEntity, { buildId, limitBatchKey: batchKey });
  }

  findBuild(buildId: string, manager: EntityManager): Promise<LogBuildEntity | null> {
    return manager.findOneBy(LogBuildEntity, { buildId });
  }

  async createBuild(build: { buildId: string; projectId: string; pipelineId: string }, manager: EntityManager): Promise<LogBuildEntity> {
    const now = new Date();
    const row: LogBuildEntity = { ...build, lastLineNo: 0, finished: false, cleaned: false, createdAt: now, updatedAt: now };
    await manager.insert(LogBuildEntity, row);
    return row;
  }

  async setFinished(buildId: string, finished: boolean, manager: EntityManager): Promise<void> {
    await manager.update(LogBuildEntity, { buildId }, { finished, updatedAt: new Date() });
  }

  async taskLineCounts(buildId: string, tasks: TaskKey[], manager: EntityManager): Promise<TaskLineCount[]> {
    if (tasks.length === 0) return [];
    const rows = await manager.findBy(LogTaskLinesEntity, { buildId, tag: In([...new Set(tasks.map((t) => t.tag))]) });
    return rows.map((row) => ({ tag: row.tag, executeCount: row.executeCount, lineCount: row.lineCount, limitBatchKey: row.limitBatchKey }));
  }

  async appendLines(buildId: string, batchKey: string, lines: LogLineEntity[], manager: EntityManager): Promise<void> {
    await this.insertLines(lines, manager);
    await manager.insert(LogBatchEntity, { buildId, batchKey, firstLineNo: lines[0].lineNo, lineCount: lines.length, createdAt: new Date() });
    await manager.update(LogBuildEntity, { buildId }, { lastLineNo: lines[lines.length - 1].lineNo, updatedAt: new Date() });
  }

  /** Stores the lines themselves (of one build), in log_lines; the Elasticsearch store overrides only this. */
  protected async insertLines(lines: LogLineEntity[], manager: EntityManager): Promise<void> {
    for (let i = 0; i < lines.length; i += INSERT_CHUNK) await manager.insert(LogLineEntity, lines.slice(i, i + INSERT_CHUNK));
  }

  async saveTaskLineCounts(buildId: string, counts: TaskLineCount[], manager: EntityManager): Promise<void> {
    // Under the build's lock: nobody else writes these rows between the read and this write.
    if (counts.length > 0) await manager.save(LogTaskLinesEntity, counts.map((count) => ({ buildId, ...count })));
  }

  async addSubTags(buildId: string, subTagsByTag: Map<string, string[]>, manager: EntityManager): Promise<void> {
    for (const [tag, subTags] of subTagsByTag) {
      const row = await manager.findOneBy(LogSubTagEntity, { buildId, tag });
      const known = row?.subTags ?? [];
      const added = subTags.filter((subTag) => !known.includes(subTag));
      if (added.length > 0) await manager.save(LogSubTagEntity, { buildId, tag, subTags: [...known, ...added] });
    }
  }

  async upsertStatus(status: StatusWrite, manager: EntityManager): Promise<void> {
    const key = { buildId: status.buildId, tag: status.tag, subTag: status.subTag, executeCount: status.executeCount };
    const existing = await manager.findOneBy(LogStatusEntity, key);
    if (existing) {
      // BK-CI's ON DUPLICATE KEY UPDATE: only `finished`, and the mode when one is given.
      await manager.update(LogStatusEntity, key, { finished: status.finished, ...(status.mode ? { mode: status.mode } : {}) });
      return;
    }
    await manager.insert(LogStatusEntity, {
      ...key,
      containerHashId: status.containerHashId,
      jobId: status.jobId,
      stepId: status.stepId,
      finished: status.finished,
      mode: status.mode ?? 'UPLOAD',
      createdAt: new Date(),
    });
  }

  async updateModes(buildId: string, executeCount: number, modes: Map<string, LogStorageMode>, manager: EntityManager): Promise<void> {
    for (const [tag, mode] of modes) await manager.update(LogStatusEntity, { buildId, tag, executeCount }, { mode });
  }
}
