import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { BUILD_FORM_PROPERTY_TYPES, BUILD_STATUSES, BuildFormPropertyType, BuildStatus, Model } from '@bkci/pipeline-model';
import type { BuildParameter } from '../build-params';
import { BuildHistory, BuildHistoryPage, BuildHistoryWithVars, BuildStageStatus, ModelDetail, ModelRecord } from './build.dto';

/*
 * The build reads' answers as the API document shows them (the SDK's types). Each implements the
 * answer's interface, so the compiler catches a field added there and not here.
 */

@ApiSchema({ name: 'BuildParameter', description: 'A start value or variable of a build' })
export class BuildParameterDto implements BuildParameter {
  @ApiProperty() key: string;
  @ApiProperty({ description: 'Sensitive values are masked as ******' }) value: string;
  @ApiPropertyOptional({ enum: BUILD_FORM_PROPERTY_TYPES, description: "The param's type; absent for the engine's own variables" }) valueType?: BuildFormPropertyType;
  @ApiProperty() readOnly: boolean;
  @ApiPropertyOptional() desc?: string;
  @ApiPropertyOptional() defaultValue?: string;
  @ApiPropertyOptional() sensitive?: boolean;
}

@ApiSchema({ name: 'BuildErrorInfo', description: 'Why a build failed' })
export class BuildErrorInfoDto {
  @ApiProperty({ type: String, nullable: true }) errorType: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) errorCode: number | null;
  @ApiProperty() errorMsg: string;
}

@ApiSchema({ name: 'BuildHistory', description: 'One build as the history list shows it (BK-CI BuildHistory). Times are epoch ms' })
export class BuildHistoryDto implements BuildHistory {
  @ApiProperty({ description: 'The build id' }) id: string;
  @ApiProperty({ description: 'Who started it' }) userId: string;
  @ApiProperty() trigger: string;
  @ApiProperty() startType: string;
  @ApiProperty({ type: 'integer' }) buildNum: number;
  @ApiProperty({ type: 'integer' }) pipelineVersion: number;
  @ApiProperty() pipelineVersionName: string;
  @ApiProperty({ type: 'integer' }) queueTime: number;
  @ApiProperty({ type: 'integer', nullable: true }) startTime: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'null until the build has ended' }) endTime: number | null;
  @ApiProperty({ enum: BUILD_STATUSES, description: 'SUCCEED, FAILED, CANCELED, … once it has ended' }) status: BuildStatus;
  @ApiProperty({ type: 'integer' }) executeCount: number;
  @ApiProperty() buildMsg: string;
  @ApiProperty({ type: String, nullable: true }) buildNumAlias: string | null;
  @ApiProperty({ type: String, nullable: true }) recommendVersion: string | null;
  @ApiProperty({ type: String, nullable: true }) concurrencyGroup: string | null;
  @ApiProperty({ type: [BuildParameterDto] }) buildParameters: BuildParameterDto[];
  @ApiProperty() debug: boolean;
  @ApiProperty({ type: [BuildErrorInfoDto], nullable: true }) errorInfoList: BuildErrorInfoDto[] | null;
  @ApiProperty({ type: 'integer', description: "The server's time of the answer" }) currentTimestamp: number;
}

@ApiSchema({ name: 'BuildHistoryWithVars', description: "A build with its variables (BK-CI BuildHistoryWithVars): the status read" })
export class BuildHistoryWithVarsDto extends BuildHistoryDto implements BuildHistoryWithVars {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Variable name → value; sensitive ones masked' }) variables: Record<string, string>;
}

@ApiSchema({ name: 'BuildHistoryPage', description: 'A page of the builds of a pipeline, latest first (BK-CI BuildHistoryPage)' })
export class BuildHistoryPageDto implements BuildHistoryPage {
  @ApiProperty({ type: 'integer', description: 'How many builds match, over all pages' }) count: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
  @ApiProperty({ type: 'integer' }) totalPages: number;
  @ApiProperty({ type: [BuildHistoryDto] }) records: BuildHistoryDto[];
  @ApiProperty({ type: 'integer', description: 'The version the pipeline would run now' }) pipelineVersion: number;
}

@ApiSchema({ name: 'ModelDetail', description: "A build with its Model, each stage, job and step carrying its state (BK-CI ModelDetail). Times are epoch ms" })
export class ModelDetailDto implements ModelDetail {
  @ApiProperty({ description: 'The build id' }) id: string;
  @ApiProperty() pipelineId: string;
  @ApiProperty() pipelineName: string;
  @ApiProperty() userId: string;
  @ApiProperty() triggerUser: string;
  @ApiProperty() trigger: string;
  @ApiProperty({ type: 'integer', nullable: true }) startTime: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) endTime: number | null;
  @ApiProperty({ type: 'integer' }) queueTime: number;
  @ApiProperty({ enum: BUILD_STATUSES }) status: BuildStatus;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The Model run (BK-CI's Model), each element's `status` set" }) model: Model;
  @ApiProperty({ type: 'integer' }) currentTimestamp: number;
  @ApiProperty({ type: 'integer' }) buildNum: number;
  @ApiProperty({ type: 'integer' }) curVersion: number;
  @ApiProperty({ type: 'integer' }) latestVersion: number;
  @ApiProperty({ type: 'integer' }) latestBuildNum: number;
  @ApiProperty({ type: 'integer' }) executeCount: number;
  @ApiProperty() debug: boolean;
}

@ApiSchema({ name: 'BuildStageStatus', description: "One stage's state in the record's stage bar" })
export class BuildStageStatusDto implements BuildStageStatus {
  @ApiProperty() stageId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: BUILD_STATUSES, nullable: true }) status: BuildStatus | null;
  @ApiProperty({ type: [String], nullable: true }) tag: string[] | null;
  @ApiProperty({ type: 'integer', nullable: true }) startEpoch: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) elapsed: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Not kept yet: null' }) timeCost: null;
  @ApiProperty({ type: String, nullable: true }) showMsg: string | null;
}

/** What the engine does not keep yet, always null. */
const NOT_KEPT = { type: 'object', additionalProperties: true, nullable: true, description: 'Not kept yet: null' } as const;

@ApiSchema({ name: 'BuildRecordRun', description: 'Who started one execution' })
export class BuildRecordRunDto {
  @ApiProperty() startUser: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Not kept yet: null' }) timeCost: null;
}

@ApiSchema({ name: 'ModelRecord', description: 'One execution of a build (BK-CI ModelRecord): what v4 build_detail answers. Times are epoch ms' })
export class ModelRecordDto extends ModelDetailDto implements ModelRecord {
  @ApiProperty({ type: 'integer', nullable: true }) queueTimeCost: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Not kept yet: null' }) cancelUserId: null;
  @ApiProperty() curVersionName: string;
  @ApiProperty() lastModifyUser: string;
  @ApiProperty({ type: 'integer', description: 'The run time, once the build has ended' }) executeTime: number;
  @ApiProperty({ type: [BuildErrorInfoDto], nullable: true }) errorInfoList: BuildErrorInfoDto[] | null;
  @ApiProperty({ type: [BuildStageStatusDto] }) stageStatus: BuildStageStatusDto[];
  @ApiProperty({ type: [String], nullable: true, description: 'Not kept yet: null' }) triggerReviewers: null;
  @ApiProperty({ type: [String] }) startUserList: string[];
  @ApiProperty({ type: [BuildRecordRunDto] }) recordList: BuildRecordRunDto[];
  @ApiProperty() buildMsg: string;
  @ApiProperty(NOT_KEPT) material: null;
  @ApiProperty(NOT_KEPT) remark: null;
  @ApiProperty(NOT_KEPT) webhookInfo: null;
  @ApiProperty(NOT_KEPT) templateInfo: null;
}
