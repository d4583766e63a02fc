import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { EnvVarView, EnvWithPermission } from '../env-views';

/*
 * The environment reads' answers as the API document shows them (the SDK's types). Each implements
 * the answer's interface, so the compiler catches a field added there and not here. Times are epoch ms.
 */

@ApiSchema({ name: 'EnvVar', description: "An environment's variable (BK-CI EnvVar)" })
export class EnvVarDto implements EnvVarView {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'A secure variable shows ******' }) value: string;
  @ApiProperty() secure: boolean;
  @ApiProperty() lastUpdateUser: string;
  @ApiProperty({ type: 'integer' }) lastUpdateTime: number;
}

@ApiSchema({ name: 'EnvWithPermission', description: 'An environment with what the caller may do with it (BK-CI EnvWithPermission)' })
export class EnvWithPermissionDto implements EnvWithPermission {
  @ApiProperty() envHashId: string;
  @ApiProperty() name: string;
  @ApiProperty() desc: string;
  @ApiProperty({ description: 'BUILD, DEV, TEST or PROD' }) envType: string;
  @ApiProperty({ description: 'THIRDPARTY, …' }) envNodeType: string;
  @ApiProperty({ type: String, nullable: true }) os: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) nodeCount: number | null;
  @ApiProperty({ type: [EnvVarDto] }) envVars: EnvVarDto[];
  @ApiProperty() createdUser: string;
  @ApiProperty({ type: 'integer' }) createdTime: number;
  @ApiProperty() updatedUser: string;
  @ApiProperty({ type: 'integer' }) updatedTime: number;
  @ApiProperty({ type: Boolean, nullable: true }) canEdit: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) canDelete: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) canUse: boolean | null;
}

@ApiSchema({ name: 'EnvHashId', description: 'The id of the environment made' })
export class EnvHashIdDto {
  @ApiProperty() hashId: string;
}
