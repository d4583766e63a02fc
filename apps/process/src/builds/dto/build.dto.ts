import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { Page, PageQueryDto, ToBoolean } from '@bkci/core';
import { BUILD_STATUSES, BuildStatus, Model, START_TYPES, StartType } from '@bkci/pipeline-model';
import type { BuildParameter } from '../build-params';
import type { BuildHistoryEntity } from '../entities/build-history.entity';

/** The query of BK-CI's manual start (`POST /user/builds/{projectId}/{pipelineId}`). */
export class StartBuildQueryDto {
  @ApiPropertyOptional({ description: "sets the recommended version's build number" })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  buildNo?: number;

  @ApiPropertyOptional({ description: 'the pipeline version to run (default the latest)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  version?: number;
}

/** A query parameter BK-CI takes as a list: given once it is a string, repeated (`status=A&status=B`) an array. */
const asList = () => Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value : [value]));

/** The filters of BK-CI's build history (`history/new`; times are epoch ms, total time in ms). Absent filters do not filter. */
export class BuildHistoryQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @asList() @IsArray() @ArrayMaxSize(40) @IsIn(BUILD_STATUSES, { each: true }) status?: BuildStatus[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @asList() @IsArray() @ArrayMaxSize(10) @IsIn(START_TYPES, { each: true }) trigger?: StartType[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @asList() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) triggerUser?: string[];
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) queueTimeStartTime?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) queueTimeEndTime?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) startTimeStartTime?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) startTimeEndTime?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) endTimeStartTime?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) endTimeEndTime?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) totalTimeMin?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) totalTimeMax?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) buildNoStart?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) buildNoEnd?: number;
  @ApiPropertyOptional({ description: 'part of the build message' }) @IsOptional() @IsString() @MaxLength(255) buildMsg?: string;
  @ApiPropertyOptional({ description: 'debug builds of drafts instead of releases' }) @IsOptional() @ToBoolean() @IsBoolean() debug?: boolean;
}

/** A trimmed BK-CI BuildHistory: one build as the history list and the status read show it. Times are epoch ms. */
export interface BuildHistory {
  id: string;
  userId: string;
  /** BK-CI: the start type's name. */
  trigger: string;
  startType: string;
  buildNum: number;
  pipelineVersion: number;
  pipelineVersionName: string;
  queueTime: number;
  startTime: number | null;
  endTime: number | null;
  status: BuildStatus;
  executeCount: number;
  buildMsg: string;
  buildNumAlias: string | null;
  recommendVersion: string | null;
  concurrencyGroup: string | null;
  buildParameters: BuildParameter[];
  debug: boolean;
  errorInfoList: Array<{ errorType: string | null; errorCode: number | null; errorMsg: string }> | null;
  currentTimestamp: number;
}

/** BK-CI BuildHistoryWithVars: the status read adds the build's variables. */
export interface BuildHistoryWithVars extends BuildHistory {
  variables: Record<string, string>;
}

/** A trimmed BK-CI ModelDetail: a build with its model carrying each stage's, job's and step's state. Times are epoch ms. */
export interface ModelDetail {
  id: string;
  pipelineId: string;
  pipelineName: string;
  userId: string;
  triggerUser: string;
  trigger: string;
  startTime: number | null;
  endTime: number | null;
  queueTime: number;
  status: BuildStatus;
  model: Model;
  currentTimestamp: number;
  buildNum: number;
  curVersion: number;
  latestVersion: number;
  latestBuildNum: number;
  executeCount: number;
  debug: boolean;
}

/** The query of BK-CI's build record read: which execution of the build (default its latest). */
export class BuildRecordQueryDto {
  @ApiPropertyOptional({ description: 'the execution to read (default the latest)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_000_000_000)
  executeCount?: number;
}

/** BK-CI BuildStageStatus: one stage's state in the record's stage bar. */
export interface BuildStageStatus {
  stageId: string;
  name: string;
  status: BuildStatus | null;
  tag: string[] | null;
  startEpoch: number | null;
  elapsed: number | null;
  timeCost: null;
  showMsg: string | null;
}

/**
 * A trimmed BK-CI ModelRecord: one execution of a build, as v4 `build_detail` answers. Fields the
 * engine does not keep yet (material, webhook, remark, time costs, who cancelled) are null.
 */
export interface ModelRecord extends ModelDetail {
  queueTimeCost: number | null;
  cancelUserId: null;
  curVersionName: string;
  lastModifyUser: string;
  /** BK-CI sets it once the build has ended: its run time. */
  executeTime: number;
  errorInfoList: BuildHistory['errorInfoList'];
  stageStatus: BuildStageStatus[];
  triggerReviewers: null;
  startUserList: string[];
  recordList: Array<{ startUser: string; timeCost: null }>;
  buildMsg: string;
  material: null;
  remark: null;
  webhookInfo: null;
  templateInfo: null;
}

/** BK-CI BuildHistoryPage: a page of the history, with the version the pipeline would run now. */
export interface BuildHistoryPage extends Page<BuildHistory> {
  pipelineVersion: number;
}

const MASK = '******';

/** Sensitive params keep their value out of every read (BK-CI masks them the same way). */
export function sensitiveKeys(row: BuildHistoryEntity): Set<string> {
  return new Set((row.buildParameters as BuildParameter[]).filter((param) => param.sensitive).map((param) => param.key));
}

export function toBuildHistory(row: BuildHistoryEntity, now = Date.now()): BuildHistory {
  return {
    id: row.buildId,
    userId: row.startUser,
    trigger: row.startType,
    startType: row.startType,
    buildNum: row.buildNum,
    pipelineVersion: row.version,
    pipelineVersionName: row.versionName,
    queueTime: row.queueTime.getTime(),
    startTime: row.startTime?.getTime() ?? null,
    endTime: row.endTime?.getTime() ?? null,
    status: row.status,
    executeCount: row.executeCount,
    buildMsg: row.buildMsg,
    buildNumAlias: row.buildNumAlias,
    recommendVersion: row.recommendVersion,
    concurrencyGroup: row.concurrencyGroup,
    buildParameters: (row.buildParameters as BuildParameter[]).map((param) => (param.sensitive ? { ...param, value: MASK, defaultValue: MASK } : param)),
    debug: row.debug,
    errorInfoList: row.errorMsg === null ? null : [{ errorType: row.errorType, errorCode: row.errorCode, errorMsg: row.errorMsg }],
    currentTimestamp: now,
  };
}

export function maskVariables(variables: Array<{ key: string; value: string }>, sensitive: Set<string>): Record<string, string> {
  return Object.fromEntries(variables.map(({ key, value }) => [key, sensitive.has(key) ? MASK : value]));
}
