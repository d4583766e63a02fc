import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { BUILD_FORM_PROPERTY_TYPES, BUILD_STATUSES, BuildFormPropertyType, BuildStatus } from '@bkci/pipeline-model';
import type { BuildParameter } from '../build-params';
import { BuildHistory, BuildHistoryPage, BuildHistoryWithVars } from './build.dto';

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
