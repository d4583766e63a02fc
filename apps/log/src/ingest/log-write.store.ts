import type { EntityManager } from 'typeorm';
import type { LogBuildEntity } from '../entities/log-build.entity';
import type { LogLineEntity } from '../entities/log-line.entity';
import type { LogStorageMode } from '../log-line';

/** A batch already stored: where its lines start and how many there are. */
export interface StoredBatch {
  firstLineNo: number;
  lineCount: number;
}

/** A batch to record with its lines: its key and the numbers its lines got. */
export interface NewBatch extends StoredBatch {
  batchKey: string;
}

/** One task (tag) of one run: the unit of the lines-per-task limit. */
export interface TaskKey {
  tag: string;
  executeCount: number;
}

export interface TaskLineCount extends TaskKey {
  lineCount: number;
  /** The batch that reached the limit and stored its WARN line; null while under it. */
  limitBatchKey: string | null;
}

/** A row of log_statuses as a status call writes it; `mode` null keeps the stored mode. */
export interface StatusWrite {
  buildId: string;
  tag: string;
  subTag: string;
  executeCount: number;
  containerHashId: string;
  jobId: string;
  stepId: string;
  finished: boolean;
  mode: LogStorageMode | null;
}

/**
 * What the write path needs from storage (a port, so that a store other than SQL can come later).
 * Every method runs inside the caller's transaction, `manager`, which the service holds together
 * with the build's lock.
 */
export abstract class LogWriteStore {
  /** The batches among `batchKeys` already stored, by key. */
  abstract findBatches(buildId: string, batchKeys: string[], manager: EntityManager): Promise<Map<string, StoredBatch>>;
  /** How many tasks the batch `batchKey` took to their line limit (each got one WARN line from it). */
  abstract limitsReachedBy(buildId: string, batchKey: string, manager: EntityManager): Promise<number>;
  abstract findBuild(buildId: string, manager: EntityManager): Promise<LogBuildEntity | null>;
  abstract createBuild(build: { buildId: string; projectId: string; pipelineId: string }, manager: EntityManager): Promise<LogBuildEntity>;
  abstract setFinished(buildId: string, finished: boolean, manager: EntityManager): Promise<void>;
  abstract taskLineCounts(buildId: string, tasks: TaskKey[], manager: EntityManager): Promise<TaskLineCount[]>;
  /** Stores lines (in line number order), records their batches and moves the build's last line number, all in `manager`'s transaction. */
  abstract appendLines(buildId: string, lines: LogLineEntity[], batches: NewBatch[], manager: EntityManager): Promise<void>;
  abstract saveTaskLineCounts(buildId: string, counts: TaskLineCount[], manager: EntityManager): Promise<void>;
  /** Adds sub-tags a task's lines used, after those it already has, each once. */
  abstract addSubTags(buildId: string, subTagsByTag: Map<string, string[]>, manager: EntityManager): Promise<void>;
  abstract upsertStatus(status: StatusWrite, manager: EntityManager): Promise<void>;
  /** Sets the storage mode of tasks that have a status row (BK-CI updates only existing rows). */
  abstract updateModes(buildId: string, executeCount: number, modes: Map<string, LogStorageMode>, manager: EntityManager): Promise<void>;
}
