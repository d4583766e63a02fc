import { Injectable } from '@nestjs/common';
import { emitEvent, LOG_FINISHED } from '@bkci/contracts';
import { LOG_STORAGE_MODES, LogStorageMode } from '../log-line';
import { BuildLocks, BuildRef } from './build-locks';
import { LogStatusQueryDto, TaskBuildLogPropertyDto } from './dto/log-status.dto';
import { LogWriteStore } from './log-write.store';

/** BK-CI's LogStorageMode.parse: an unknown or absent name is UPLOAD. */
export function parseStorageMode(name: string | undefined): LogStorageMode {
  return LOG_STORAGE_MODES.find((mode) => mode === name) ?? 'UPLOAD';
}

/** BK-CI's LogStatusService, written at once (BK-CI goes through LogStatusEvent and its consumer). */
@Injectable()
export class LogStatusService {
  constructor(
    private readonly store: LogWriteStore,
    private readonly locks: BuildLocks,
  ) {}

  /**
   * Upserts the status row of a task (or of the build, with no tag and no job) and, for the
   * build's own status, opens or finishes its log: a finished log takes no more lines, and
   * LOG_FINISHED tells live tails to end. A build-level start reopens the log (a retried run of
   * the build writes again under the same build id).
   */
  async setStatus(build: BuildRef, query: LogStatusQueryDto, finished: boolean, mode: LogStorageMode | null): Promise<void> {
    await this.locks.inTransaction(build.buildId, async (tx) => {
      const stored = await this.locks.openBuild(build, tx.manager);
      await this.store.upsertStatus(
        {
          buildId: build.buildId,
          // Absent tags are '' (BK-CI #8804), so the unique key compares plain values.
          tag: query.tag ?? '',
          subTag: query.subTag ?? '',
          executeCount: query.executeCount ?? 1,
          containerHashId: query.jobId ?? '',
          jobId: query.userJobId ?? '',
          stepId: query.stepId ?? '',
          finished,
          mode,
        },
        tx.manager,
      );
      const buildLevel = !query.tag && !query.jobId;
      if (!buildLevel || stored.finished === finished) return;
      await this.store.setFinished(build.buildId, finished, tx.manager);
      if (finished) emitEvent(tx.emit, LOG_FINISHED, { buildId: build.buildId });
    });
  }

  /** BK-CI's updateStorageMode: the mode each task's log ended in (LOCAL, ARCHIVED), for tasks with a status. */
  async setModes(build: BuildRef, executeCount: number, properties: TaskBuildLogPropertyDto[]): Promise<void> {
    const modes = new Map(properties.map((p) => [p.elementId, p.logStorageMode ?? 'UPLOAD'] as const));
    await this.locks.inTransaction(build.buildId, (tx) => this.store.updateModes(build.buildId, executeCount, modes, tx.manager));
  }
}
