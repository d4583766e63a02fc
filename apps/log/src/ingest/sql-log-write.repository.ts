import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { LogBatchEntity } from '../entities/log-batch.entity';
import { LogBuildEntity } from '../entities/log-build.entity';
import { LogLineEntity } from '../entities/log-line.entity';
import { LogStatusEntity } from '../entities/log-status.entity';
import { LogSubTagEntity } from '../entities/log-sub-tag.entity';
import type { LogStorageMode } from '../log-line';
import { LogTaskLinesEntity } from './entities/log-task-lines.entity';
import { LogWriteStore, NewBatch, StatusWrite, StoredBatch, TaskKey, TaskLineCount } from './log-write.store';

/** Rows per INSERT: 11,000 bound parameters, well under SQLite's limit (32,766). */
const INSERT_ROWS = 1000;
/**
 * Message characters per INSERT: at most 3 MB of UTF-8, 6 MB once escaped, well under MariaDB's
 * max_allowed_packet (16 MB by default), which 1000 lines of 16 KB would pass.
 */
const INSERT_CHARS = 1_000_000;

/** The write path on the SQL tables (SQLite and MariaDB alike). */
@Injectable()
export class SqlLogWriteRepository extends LogWriteStore {
  async findBatches(buildId: string, batchKeys: string[], manager: EntityManager): Promise<Map<string, StoredBatch>> {
    const rows = await manager.findBy(LogBatchEntity, { buildId, batchKey: In([...new Set(batchKeys)]) });
    return new Map(rows.map((row) => [row.batchKey, { firstLineNo: row.firstLineNo, lineCount: row.lineCount }]));
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

  async appendLines(buildId: string, lines: LogLineEntity[], batches: NewBatch[], manager: EntityManager): Promise<void> {
    await this.insertLines(lines, manager);
    const createdAt = new Date();
    await manager.createQueryBuilder().insert().into(LogBatchEntity).values(batches.map((batch) => ({ buildId, ...batch, createdAt }))).updateEntity(false).execute();
    await manager.update(LogBuildEntity, { buildId }, { lastLineNo: lines[lines.length - 1].lineNo, updatedAt: createdAt });
  }

  /** Stores the lines themselves (of one build), in log_lines; the Elasticsearch store overrides only this. */
  protected async insertLines(lines: LogLineEntity[], manager: EntityManager): Promise<void> {
    for (const chunk of insertChunks(lines)) await insertRows(chunk, manager);
  }

  async saveTaskLineCounts(buildId: string, counts: TaskLineCount[], manager: EntityManager): Promise<void> {
    // Under the build's lock: nobody else writes these rows between the read and this write.
    if (counts.length > 0) await manager.upsert(LogTaskLinesEntity, counts.map((count) => ({ buildId, ...count })), ['buildId', 'tag', 'executeCount']);
  }

  async addSubTags(buildId: string, subTagsByTag: Map<string, string[]>, manager: EntityManager): Promise<void> {
    if (subTagsByTag.size === 0) return;
    const rows = await manager.findBy(LogSubTagEntity, { buildId, tag: In([...subTagsByTag.keys()]) });
    const changed: LogSubTagEntity[] = [];
    for (const [tag, subTags] of subTagsByTag) {
      const known = rows.find((row) => row.tag === tag)?.subTags ?? [];
      const added = subTags.filter((subTag) => !known.includes(subTag));
      if (added.length > 0) changed.push({ buildId, tag, subTags: [...known, ...added] });
    }
    // Under the build's lock, as the task counts.
    if (changed.length > 0) await manager.upsert(LogSubTagEntity, changed, ['buildId', 'tag']);
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

/** `lines` cut into INSERTs of at most INSERT_ROWS rows and INSERT_CHARS message characters. */
function insertChunks(lines: LogLineEntity[]): LogLineEntity[][] {
  const chunks: LogLineEntity[][] = [];
  let chunk: LogLineEntity[] = [];
  let chars = 0;
  for (const line of lines) {
    if (chunk.length === INSERT_ROWS || (chunk.length > 0 && chars + line.message.length > INSERT_CHARS)) {
      chunks.push(chunk);
      chunk = [];
      chars = 0;
    }
    chunk.push(line);
    chars += line.message.length;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/**
 * One multi-row INSERT of `lines`, written out here: TypeORM's insert builder spends ~20 ms of CPU
 * on 1000 rows (its bookkeeping per value), more than the database takes to store them. Values are
 * bound as parameters (`?` in SQLite and MariaDB alike), never spliced into the statement.
 */
async function insertRows(lines: LogLineEntity[], manager: EntityManager): Promise<void> {
  const { driver } = manager.connection;
  const { tableName, columns } = manager.connection.getMetadata(LogLineEntity);
  const row = `(${columns.map(() => '?').join(', ')})`;
  const names = columns.map((column) => driver.escape(column.databaseName)).join(', ');
  const values = lines.flatMap((line) => columns.map((column) => column.getEntityValue(line, true) as unknown));
  await manager.query(`INSERT INTO ${driver.escape(tableName)} (${names}) VALUES ${lines.map(() => row).join(', ')}`, values);
}
