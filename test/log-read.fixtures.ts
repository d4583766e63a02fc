import { DataSource } from 'typeorm';
import { LogBuildEntity } from '../apps/log/src/entities/log-build.entity';
import { LogLineEntity } from '../apps/log/src/entities/log-line.entity';

/** A stored line with every field given; tests override what they filter on. */
export function logLine(buildId: string, lineNo: number, fields: Partial<LogLineEntity> = {}): LogLineEntity {
  return Object.assign(new LogLineEntity(), {
    buildId,
    lineNo,
    executeCount: 1,
    timestamp: Date.UTC(2026, 0, 2, 3, 4, 5, 6) + lineNo,
    message: `line ${lineNo}`,
    logType: 'LOG',
    tag: '',
    subTag: '',
    containerHashId: '',
    jobId: '',
    stepId: '',
    ...fields,
  });
}

/** Stores a build's log row as the write path would (its lines are stored separately). */
export async function storeLogBuild(data: DataSource, build: Pick<LogBuildEntity, 'buildId' | 'projectId' | 'pipelineId'> & Partial<LogBuildEntity>): Promise<void> {
  const now = new Date();
  await data.getRepository(LogBuildEntity).save({ lastLineNo: 0, finished: false, cleaned: false, createdAt: now, updatedAt: now, ...build });
}

/** Stores lines in chunks (SQLite caps the parameters of one statement). */
export async function storeLogLines(data: DataSource, lines: LogLineEntity[]): Promise<void> {
  for (let at = 0; at < lines.length; at += 500) await data.getRepository(LogLineEntity).insert(lines.slice(at, at + 500));
}
