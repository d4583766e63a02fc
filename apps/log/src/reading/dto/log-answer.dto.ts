import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { LOG_STORAGE_MODES, LogLine, LogStatus, LogStorageMode } from '../../log-line';
import { QueryLogLineNum, QueryLogs, QueryLogStatus, QueryLogsText } from '../log-answers';

/*
 * The read answers as the API document shows them (the SDK's types). Each implements the answer's
 * interface, so the compiler catches a field added there and not here.
 */

const LOG_STATUS = { type: 'integer', enum: [0, 1, 2, 3, 999], description: '0 read, 1 empty, 2 cleaned, 3 closed, 999 failed (BK-CI LogStatus)' } as const;

@ApiSchema({ name: 'LogLine', description: "One line of a build's log (BK-CI LogLine)" })
export class LogLineDto implements LogLine {
  @ApiProperty({ type: 'integer', description: 'The line number, from 1, in the order the lines were written' }) lineNo: number;
  @ApiProperty({ type: 'integer', description: 'When the agent printed it, epoch ms' }) timestamp: number;
  @ApiProperty() message: string;
  @ApiProperty({ type: 'integer', description: "BK-CI's byte for the log type" }) priority: number;
  @ApiProperty({ description: 'The step (element id) that printed it' }) tag: string;
  @ApiProperty() subTag: string;
  @ApiProperty({ description: 'The YAML job id' }) jobId: string;
  @ApiProperty({ description: "The job's container hash id" }) containerHashId: string;
  @ApiProperty({ description: 'The YAML step id' }) stepId: string;
  @ApiProperty({ type: 'integer', description: 'The run of the step (retries count up)' }) executeCount: number;
}

@ApiSchema({ name: 'QueryLogs', description: "Lines of a build's log (BK-CI QueryLogs)" })
export class QueryLogsDto implements QueryLogs {
  @ApiProperty() buildId: string;
  @ApiProperty({ description: "The build's log is complete: no line will come after the last one" }) finished: boolean;
  @ApiProperty({ description: 'More lines match than this answer holds' }) hasMore: boolean;
  @ApiProperty({ type: [LogLineDto] }) logs: LogLineDto[];
  @ApiProperty({ type: 'integer', description: 'ms the read took' }) timeUsed: number;
  @ApiProperty(LOG_STATUS) status: LogStatus;
  @ApiProperty({ type: [String], nullable: true }) subTags: string[] | null;
  @ApiProperty({ type: String, nullable: true }) message: string | null;
}

@ApiSchema({ name: 'QueryLogsText', description: "Lines of a build's log as one text, joined with newlines (BK-CI QueryLogsText)" })
export class QueryLogsTextDto implements QueryLogsText {
  @ApiProperty() buildId: string;
  @ApiProperty({ description: "The build's log is complete: no line will come after the last one" }) finished: boolean;
  @ApiProperty({ description: 'More lines match than this answer holds' }) hasMore: boolean;
  @ApiProperty({ type: 'integer' }) startLineNo: number;
  @ApiProperty({ type: 'integer' }) endLineNo: number;
  @ApiProperty() content: string;
  @ApiProperty({ type: 'integer', description: 'ms the read took' }) timeUsed: number;
  @ApiProperty(LOG_STATUS) status: LogStatus;
  @ApiProperty({ type: String, nullable: true }) message: string | null;
}

@ApiSchema({ name: 'QueryLogStatus', description: "Where a build's log is kept (BK-CI QueryLogStatus)" })
export class QueryLogStatusDto implements QueryLogStatus {
  @ApiProperty() buildId: string;
  @ApiProperty() finished: boolean;
  @ApiProperty({ enum: LOG_STORAGE_MODES }) logMode: LogStorageMode;
}

@ApiSchema({ name: 'QueryLogLineNum', description: "The number of a build's last log line (BK-CI QueryLogLineNum)" })
export class QueryLogLineNumDto implements QueryLogLineNum {
  @ApiProperty() buildId: string;
  @ApiProperty() finished: boolean;
  @ApiProperty({ type: 'integer' }) lastLineNum: number;
}
