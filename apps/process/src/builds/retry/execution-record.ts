import type { BuildContainerEntity } from '../entities/build-container.entity';
import type { BuildHistoryEntity } from '../entities/build-history.entity';
import type { BuildRecordEntity, RecordedState } from '../entities/build-record.entity';
import type { BuildStageEntity } from '../entities/build-stage.entity';
import type { BuildTaskEntity } from '../entities/build-task.entity';

const epoch = (time: Date | null) => time?.getTime() ?? null;
const date = (time: number | null) => (time === null ? null : new Date(time));
const state = (row: { status: RecordedState['status']; executeCount: number; startTime: Date | null; endTime: Date | null }): RecordedState => ({
  status: row.status,
  executeCount: row.executeCount,
  startTime: epoch(row.startTime),
  endTime: epoch(row.endTime),
});

/** The record of the execution the runtime rows show now (taken before a retry changes them). */
export function recordOf(build: BuildHistoryEntity, stages: BuildStageEntity[], containers: BuildContainerEntity[], tasks: BuildTaskEntity[]): BuildRecordEntity {
  return {
    buildId: build.buildId,
    executeCount: build.executeCount,
    projectId: build.projectId,
    pipelineId: build.pipelineId,
    status: build.status,
    queueTime: build.queueTime,
    startTime: build.startTime,
    endTime: build.endTime,
    errorType: build.errorType,
    errorCode: build.errorCode,
    errorMsg: build.errorMsg,
    stages: stages.map((s) => ({ ...state(s), stageId: s.stageId, seq: s.seq, checkIn: s.checkIn })),
    containers: containers.map((c) => ({ ...state(c), containerId: c.containerId, containerHashId: c.containerHashId, statusReason: c.statusReason })),
    tasks: tasks.map((t) => ({ ...state(t), taskId: t.taskId, containerId: t.containerId, taskSeq: t.taskSeq, statusReason: t.statusReason })),
  };
}

/** A stored record as the rows the build detail is drawn from (only the fields it reads). */
export function rowsOf(record: BuildRecordEntity) {
  const times = (s: RecordedState) => ({ startTime: date(s.startTime), endTime: date(s.endTime) });
  return {
    history: { status: record.status, executeCount: record.executeCount, queueTime: record.queueTime, startTime: record.startTime, endTime: record.endTime, errorType: record.errorType, errorCode: record.errorCode, errorMsg: record.errorMsg },
    stages: record.stages.map((s) => ({ ...s, ...times(s) })),
    containers: record.containers.map((c) => ({ ...c, ...times(c) })),
    tasks: record.tasks.map((t) => ({ ...t, ...times(t) })),
  };
}
