import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { AppCodeProjectDto } from './app-code-project.dto';
import type { AppDto, AppSecretDto, CreatedAppDto, CreatedAppSecretDto } from './third-party-app.dto';

/*
 * The third-party app answers as the API document shows them (the SDK's types). Each implements the
 * answer's interface, so the compiler catches a field added there and not here. Only the creation
 * answers carry a secret.
 */

const DATE_TIME = { type: String, format: 'date-time' } as const;
const OPTIONAL_DATE_TIME = { ...DATE_TIME, nullable: true } as const;

@ApiSchema({ name: 'AppSecret', description: "One of an app's secrets as listed: never the secret itself" })
export class AppSecretAnswerDto implements AppSecretDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: "The secret's first characters, to tell secrets apart" }) secretPrefix: string;
  @ApiProperty() creator: string;
  @ApiProperty(DATE_TIME) createdAt: string;
  @ApiProperty(OPTIONAL_DATE_TIME) lastUsedAt: string | null;
  @ApiProperty(OPTIONAL_DATE_TIME) revokedAt: string | null;
}

@ApiSchema({ name: 'CreatedAppSecret', description: 'A new secret of an app, shown this once' })
export class CreatedAppSecretAnswerDto extends AppSecretAnswerDto implements CreatedAppSecretDto {
  @ApiProperty({ description: 'Send it with the app code; it cannot be read again' }) secret: string;
}

@ApiSchema({ name: 'ThirdPartyApp', description: 'A registered third-party app and its secrets (never their values)' })
export class AppAnswerDto implements AppDto {
  @ApiProperty({ description: 'What the app sends in X-DEVOPS-APP-CODE' }) appCode: string;
  @ApiProperty() name: string;
  @ApiProperty() description: string;
  @ApiProperty() creator: string;
  @ApiProperty(DATE_TIME) createdAt: string;
  @ApiProperty({ type: [AppSecretAnswerDto] }) secrets: AppSecretAnswerDto[];
}

@ApiSchema({ name: 'CreatedThirdPartyApp', description: 'A new app with its first secret, shown this once' })
export class CreatedAppAnswerDto extends AppAnswerDto implements CreatedAppDto {
  @ApiProperty({ description: 'The first secret; it cannot be read again' }) secret: string;
}

@ApiSchema({ name: 'AppCodeProject', description: "An app's binding to a project (BK-CI AppCodeProjectResponse)" })
export class AppCodeProjectAnswerDto implements AppCodeProjectDto {
  @ApiProperty({ type: 'integer' }) id: number;
  @ApiProperty() appCode: string;
  @ApiProperty() projectId: string;
  @ApiProperty({ type: String, nullable: true }) creator: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Epoch ms' }) createTime: number | null;
}
